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
}
