using CodRocket.Stock.Inventory;

namespace CodRocket.Stock.Tests.Inventory;

public class StockStatusRuleTests
{
    private static readonly int[] Availables = [-5, -1, 0, 1, 9, 10, 11, 500];
    private static readonly int?[] Thresholds = [null, 0, 1, 10];

    [Theory]
    [InlineData(11, 10, StockStatus.Ok)]
    [InlineData(10, 10, StockStatus.Low)] // "set 10 → alert at 10 or below"
    [InlineData(1, 10, StockStatus.Low)]
    [InlineData(0, 10, StockStatus.Out)]
    [InlineData(-3, 10, StockStatus.Oversold)]
    [InlineData(-1, null, StockStatus.Oversold)]
    [InlineData(0, 0, StockStatus.Out)]
    [InlineData(5, null, StockStatus.Ok)]
    [InlineData(0, null, StockStatus.Out)]
    public void Status_follows_available_stock_against_the_threshold(int available, int? threshold, StockStatus expected) =>
        StockStatusRule.Of(available, threshold).Should().Be(expected);

    [Theory]
    [InlineData(0, 10)]
    [InlineData(0, null)]
    [InlineData(5, 10)]
    public void A_scope_that_never_had_stock_is_not_stocked_yet_rather_than_out_or_low(int available, int? threshold) =>
        StockStatusRule.Of(available, threshold, stocked: false).Should().Be(StockStatus.NotStocked);

    [Fact]
    public void A_scope_sold_below_zero_before_its_first_receipt_is_oversold_all_the_same() =>
        StockStatusRule.Of(-2, 10, stocked: false).Should().Be(StockStatus.Oversold);

    [Fact]
    public void A_stocked_scope_follows_the_same_rule_as_one_given_no_stocked_flag()
    {
        foreach (var available in Availables)
        {
            foreach (var threshold in Thresholds)
            {
                StockStatusRule.Of(available, threshold, stocked: true).Should().Be(StockStatusRule.Of(available, threshold), $"{available} against {threshold}");
            }
        }
    }

    [Fact]
    public void The_linq_expression_gives_the_status_of_the_csharp_rule_for_every_combination()
    {
        var linq = StockStatusRule.Linq.Compile();
        foreach (var available in Availables)
        {
            foreach (var threshold in Thresholds)
            {
                foreach (var stocked in new[] { true, false })
                {
                    linq(available, threshold, stocked).Should().Be(StockStatusRule.Of(available, threshold, stocked), $"{available} against {threshold}, stocked {stocked}");
                }
            }
        }
    }

    [Fact]
    public void The_urgency_expression_ranks_the_status_of_the_csharp_rule_for_every_combination()
    {
        var urgency = StockStatusRule.UrgencyLinq.Compile();
        foreach (var available in Availables)
        {
            foreach (var threshold in Thresholds)
            {
                foreach (var stocked in new[] { true, false })
                {
                    urgency(available, threshold, stocked).Should().Be(StockStatusRule.Urgency(StockStatusRule.Of(available, threshold, stocked)),
                        $"{available} against {threshold}, stocked {stocked}");
                }
            }
        }
        new[] { StockStatus.NotStocked, StockStatus.Ok, StockStatus.Low, StockStatus.Out, StockStatus.Oversold }
            .OrderBy(StockStatusRule.Urgency)
            .Should().Equal(StockStatus.Oversold, StockStatus.Out, StockStatus.Low, StockStatus.Ok, StockStatus.NotStocked);
    }

    [Fact]
    public void The_sql_fragment_reads_the_rule_in_its_order_with_the_enum_numbers()
    {
        // Run against PostgreSQL for a grid of values by the integration test StockStatusSqlTests.
        StockStatusRule.Sql("s.available", "s.low_stock_threshold", "s.stocked").Should().Be(
            "CASE WHEN s.available < 0 THEN 3 WHEN NOT s.stocked THEN 4 WHEN s.available = 0 THEN 2 "
            + "WHEN s.low_stock_threshold IS NOT NULL AND s.available <= s.low_stock_threshold THEN 1 ELSE 0 END");
    }

    [Fact]
    public void Filtering_by_status_keeps_the_rows_whose_status_is_one_of_those_asked_for()
    {
        var rows = (from available in Availables from threshold in Thresholds from stocked in new[] { true, false } select (available, threshold, stocked))
            .ToList();

        var outOrOversold = rows.AsQueryable()
            .WhereStatus(r => r.available, r => r.threshold, r => r.stocked, [StockStatus.Out, StockStatus.Oversold]).ToList();
        var none = rows.AsQueryable().WhereStatus(r => r.available, r => r.threshold, r => r.stocked, []).ToList();

        outOrOversold.Should().Equal(rows.Where(r => StockStatusRule.Of(r.available, r.threshold, r.stocked) is StockStatus.Out or StockStatus.Oversold));
        outOrOversold.Should().NotBeEmpty();
        none.Should().BeEmpty();
    }
}
