using CodRocket.Stock.Forecasting;

namespace CodRocket.Stock.Tests.Forecasting;

public class SeasonalPeriodTests
{
    private static readonly SeasonalPeriod Ramadan = new("Ramadan", new DateOnly(2027, 2, 8), new DateOnly(2027, 3, 9), 1.5m);

    [Fact]
    public void A_season_includes_its_first_and_last_days()
    {
        Ramadan.Contains(new DateOnly(2027, 2, 8)).Should().BeTrue();
        Ramadan.Contains(new DateOnly(2027, 3, 9)).Should().BeTrue();
        Ramadan.Contains(new DateOnly(2027, 2, 7)).Should().BeFalse();
        Ramadan.Contains(new DateOnly(2027, 3, 10)).Should().BeFalse();
    }

    [Fact]
    public void Touching_ranges_overlap_adjacent_ones_do_not()
    {
        Ramadan.Overlaps(new DateOnly(2027, 3, 9), new DateOnly(2027, 3, 20)).Should().BeTrue();
        Ramadan.Overlaps(new DateOnly(2027, 3, 10), new DateOnly(2027, 3, 20)).Should().BeFalse();
    }

    [Fact]
    public void A_season_refuses_an_end_before_its_start_and_a_factor_out_of_range()
    {
        var backwards = () => new SeasonalPeriod("Back", new DateOnly(2027, 3, 9), new DateOnly(2027, 3, 8), 1.2m);
        var huge = () => new SeasonalPeriod("Huge", new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 8), 11m);
        var blank = () => new SeasonalPeriod(" ", new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 8), 1.2m);

        backwards.Should().Throw<ArgumentOutOfRangeException>();
        huge.Should().Throw<ArgumentOutOfRangeException>();
        blank.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_season_may_last_one_day_or_a_whole_leap_year_but_not_longer()
    {
        var oneDay = new SeasonalPeriod("Sale day", new DateOnly(2027, 11, 26), new DateOnly(2027, 11, 26), 2m);
        var leapYear = new SeasonalPeriod("2028", new DateOnly(2028, 1, 1), new DateOnly(2028, 12, 31), 1.1m);
        var tooLong = () => new SeasonalPeriod("Too long", new DateOnly(2028, 1, 1), new DateOnly(2029, 1, 1), 1.1m);

        oneDay.Contains(new DateOnly(2027, 11, 26)).Should().BeTrue();
        leapYear.Contains(new DateOnly(2028, 12, 31)).Should().BeTrue();
        tooLong.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_name_of_exactly_the_limit_is_kept_and_one_longer_is_refused()
    {
        var named = new SeasonalPeriod(new string('s', SeasonalPeriod.NameMaxLength), new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 8), 1.2m);
        var tooLong = () => new SeasonalPeriod(new string('s', SeasonalPeriod.NameMaxLength + 1), new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 8), 1.2m);

        named.Name.Should().HaveLength(SeasonalPeriod.NameMaxLength);
        tooLong.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData(0.1, true)]
    [InlineData(10, true)]
    [InlineData(0.099, false)]
    [InlineData(10.001, false)]
    public void The_factor_is_taken_from_its_lower_to_its_upper_bound_inclusive(double factor, bool accepted)
    {
        var create = () => new SeasonalPeriod("Season", new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 8), (decimal)factor);

        if (accepted)
        {
            create().Factor.Should().Be((decimal)factor);
        }
        else
        {
            create.Should().Throw<ArgumentOutOfRangeException>();
        }
    }

    [Fact]
    public void A_factor_with_a_fourth_decimal_is_refused_not_rounded_and_three_decimals_are_kept_exactly()
    {
        var tooPrecise = () => new SeasonalPeriod("Season", new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 8), 9.9999m);
        var kept = new SeasonalPeriod("Season", new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 8), 1.125m);

        tooPrecise.Should().Throw<ArgumentException>().WithParameterName("factor").WithMessage("*at most 3 decimals*");
        kept.Factor.Should().Be(1.125m);
    }

    [Fact]
    public void A_range_ending_on_the_first_day_of_a_season_overlaps_it_and_one_ending_the_day_before_does_not()
    {
        Ramadan.Overlaps(new DateOnly(2027, 2, 1), new DateOnly(2027, 2, 8)).Should().BeTrue();
        Ramadan.Overlaps(new DateOnly(2027, 2, 1), new DateOnly(2027, 2, 7)).Should().BeFalse();
    }
}
