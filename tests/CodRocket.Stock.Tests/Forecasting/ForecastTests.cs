using CodRocket.Stock.Forecasting;

namespace CodRocket.Stock.Tests.Forecasting;

public class ForecastTests
{
    private static readonly DateOnly Today = new(2026, 11, 28);

    /// <summary>20 units a day over a 30-day window.</summary>
    private static ForecastInputs TwentyADay(int? lead = 3, int? safety = null, decimal product = 1m, decimal store = 1m, int available = 100, int? threshold = null) =>
        new(OnHand: available, Available: available, Sold: 600, WindowDays: 30, Threshold: threshold, LeadTimeDays: lead, SafetyStock: safety,
            ProductFactor: product, StoreFactor: store);

    [Fact]
    public void The_help_centre_example_20_a_day_and_3_days_of_lead_time_suggests_60()
    {
        var s = Forecast.Suggest(TwentyADay());

        s.Value.Should().Be(60);
        s.Velocity.Should().Be(20);
        s.RoundedUp.Should().BeFalse();
    }

    [Fact]
    public void Safety_stock_is_added_before_the_seasonal_factor_multiplies()
    {
        Forecast.Suggest(TwentyADay(safety: 10, product: 1.5m)).Value.Should().Be(105, "(20 × 3 + 10) × 1.5");
    }

    [Fact]
    public void A_fractional_result_is_rounded_up_and_says_so()
    {
        // 20 sold in 30 days = 0.667/day; × 4 days = 2.67
        var s = Forecast.Suggest(new ForecastInputs(10, 10, 20, 30, null, 4, null));

        s.Value.Should().Be(3);
        s.RoundedUp.Should().BeTrue();
    }

    [Fact]
    public void Exact_results_are_not_pushed_up_by_decimal_noise()
    {
        // 60 × 1.1 = 66 exactly; floating point would give 66.00000000000001 and round up to 67.
        Forecast.Suggest(TwentyADay(product: 1.1m)).Value.Should().Be(66);
        // 10 sold in 30 days × 3 days = 1 exactly, though 10/30 has no finite decimal form.
        Forecast.Suggest(new ForecastInputs(0, 0, 10, 30, null, 3, null)).Value.Should().Be(1);
    }

    [Fact]
    public void Without_a_lead_time_there_is_no_suggestion_and_the_missing_input_is_named()
    {
        var s = Forecast.Suggest(TwentyADay(lead: null, safety: 10));

        s.Value.Should().BeNull();
        s.Missing.Should().Be(MissingInput.LeadTime);
    }

    [Fact]
    public void A_lead_time_of_zero_days_leaves_only_safety_stock()
    {
        Forecast.Suggest(TwentyADay(lead: 0, safety: 7)).Value.Should().Be(7);
    }

    [Fact]
    public void With_no_recent_sales_days_left_is_unknown_not_infinite_and_the_suggestion_is_the_safety_stock()
    {
        var f = Forecast.Of(new ForecastInputs(40, 40, 0, 30, 10, 5, 8, 1.5m), Today);

        f.NoRecentSales.Should().BeTrue();
        f.Velocity.Should().Be(0);
        f.DaysLeft.Should().BeNull();
        f.StockOutDate.Should().BeNull();
        f.ThresholdDate.Should().BeNull();
        f.StockToSales.Should().BeNull();
        f.Suggestion.Value.Should().Be(12, "8 safety × 1.5");
    }

    [Fact]
    public void Days_left_stock_out_and_threshold_dates_follow_the_current_rate()
    {
        // 10 a day, 50 available, threshold 20: 5 days left, at the threshold in 3.
        var f = Forecast.Of(new ForecastInputs(OnHand: 60, Available: 50, Sold: 300, WindowDays: 30, Threshold: 20, LeadTimeDays: 3, SafetyStock: 10), Today);

        f.Velocity.Should().Be(10);
        f.DaysLeft.Should().Be(5);
        f.StockOutDate.Should().Be(Today.AddDays(5));
        f.ThresholdDate.Should().Be(Today.AddDays(3));
        f.StockToSales.Should().Be(0.2m, "60 on hand ÷ 300 sold");
        f.ReorderQuantity.Should().Be(290, "10/day × (3 + 30 days) + 10 safety − 50 available");
    }

    [Fact]
    public void Partial_days_count_towards_the_stock_out_day_not_past_it()
    {
        // 7 a day, 20 available: 2.86 days, so the last unit goes on the third day from now (today + 2).
        var f = Forecast.Of(new ForecastInputs(20, 20, 210, 30, null, null, null), Today);

        f.DaysLeft!.Value.Should().BeApproximately(2.857m, 0.001m);
        f.StockOutDate.Should().Be(Today.AddDays(2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    public void Out_of_stock_or_oversold_has_no_days_left_and_runs_out_today(int available)
    {
        var f = Forecast.Of(new ForecastInputs(0, available, 300, 30, 5, 2, null), Today);

        f.DaysLeft.Should().Be(0);
        f.StockOutDate.Should().Be(Today);
        f.ThresholdDate.Should().Be(Today);
    }

    [Fact]
    public void A_store_season_multiplies_on_top_of_the_product_factor()
    {
        Forecast.Suggest(TwentyADay(product: 1.5m, store: 1.2m)).Value.Should().Be(108, "60 × 1.5 × 1.2");
    }

    [Fact]
    public void The_reorder_quantity_brings_available_stock_back_above_the_threshold()
    {
        // 5 sold in 30 days, 3 days of lead time: covering sales alone needs 6, but the threshold is 10 and 1 is left.
        var slow = new ForecastInputs(OnHand: 1, Available: 1, Sold: 5, WindowDays: 30, Threshold: 10, LeadTimeDays: 3, SafetyStock: null);

        var reorder = Forecast.Of(slow, Today).ReorderQuantity;

        reorder.Should().Be(10, "1 + 10 = 11, above the threshold of 10");
        (slow.Available + reorder).Should().BeGreaterThan(slow.Threshold!.Value);
    }

    [Theory]
    [InlineData(10, new[] { 30, 20, 10 }, new[] { 5, 3, 2 })]
    [InlineData(4, new[] { 0, 0, 0 }, new[] { 2, 1, 1 })]
    [InlineData(7, new[] { 100, 0 }, new[] { 7, 0 })]
    [InlineData(1, new[] { 1, 1, 1 }, new[] { 1, 0, 0 })]
    public void Safety_stock_is_shared_across_warehouses_by_their_sales_and_the_parts_add_up_to_the_whole(int safety, int[] sold, int[] expected)
    {
        var shares = Forecast.ShareSafetyStock(safety, sold);

        shares.Should().Equal(expected);
        shares.Sum().Should().Be(safety);
    }

    [Fact]
    public void The_reorder_quantity_is_never_negative()
    {
        Forecast.Of(TwentyADay(available: 5_000), Today).ReorderQuantity.Should().Be(0);
    }

    [Fact]
    public void The_window_counts_today_and_the_days_before_it()
    {
        var window = new SalesWindow(Today, 30);

        window.First.Should().Be(new DateOnly(2026, 10, 30));
        window.EachDay().Should().HaveCount(30);
        window.Contains(Today).Should().BeTrue();
        window.Contains(window.First.AddDays(-1)).Should().BeFalse();
    }

    [Fact]
    public void The_seasonal_factor_in_force_is_the_products_times_the_stores()
    {
        TwentyADay(product: 1.5m, store: 2m).Factor.Should().Be(3m);
    }

    [Fact]
    public void A_window_of_no_days_is_refused()
    {
        var forecast = () => Forecast.Of(TwentyADay() with { WindowDays = 0 }, Today);

        forecast.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Out_of_stock_with_no_recent_sales_still_has_no_days_left_and_ran_out_today()
    {
        var f = Forecast.Of(new ForecastInputs(0, 0, 0, 30, 5, 2, null), Today);

        f.DaysLeft.Should().Be(0);
        f.StockOutDate.Should().Be(Today);
        f.ThresholdDate.Should().Be(Today);
    }

    [Fact]
    public void Stock_at_the_threshold_with_no_recent_sales_reached_it_today_and_never_runs_out_at_this_rate()
    {
        var f = Forecast.Of(new ForecastInputs(5, 5, 0, 30, 5, 2, null), Today);

        f.ThresholdDate.Should().Be(Today);
        f.StockOutDate.Should().BeNull();
        f.DaysLeft.Should().BeNull();
    }

    [Fact]
    public void Without_a_lead_time_nothing_is_rounded()
    {
        Forecast.Suggest(TwentyADay(lead: null, safety: 7)).RoundedUp.Should().BeFalse();
    }

    [Fact]
    public void No_warehouses_share_no_safety_stock()
    {
        Forecast.ShareSafetyStock(10, []).Should().BeEmpty();
    }

    [Fact]
    public void Shares_are_the_largest_remainder_apportionment_for_any_sales_however_tied()
    {
        // The definition, written the slow way: exact quotients floored, then one unit each to the largest remainders,
        // ties to the bigger seller, then to the first. Small sales and few warehouses make ties common.
        static int[] Apportion(int safety, int[] sold)
        {
            var weights = sold.Sum(s => Math.Max(0, s)) > 0 ? sold.Select(s => (long)Math.Max(0, s)).ToArray() : sold.Select(_ => 1L).ToArray();
            var total = weights.Sum();
            var shares = weights.Select(w => (int)(safety * w / total)).ToArray();
            foreach (var i in Enumerable.Range(0, sold.Length).OrderByDescending(i => safety * weights[i] % total)
                .ThenByDescending(i => weights[i]).ThenBy(i => i).Take(safety - shares.Sum()))
            {
                shares[i]++;
            }
            return shares;
        }
        var random = new Random(20261203);
        for (var n = 0; n < 5_000; n++)
        {
            var sold = Enumerable.Range(0, random.Next(1, 9)).Select(_ => random.Next(-1, 6)).ToArray();
            var safety = random.Next(0, 40);

            var shares = Forecast.ShareSafetyStock(safety, sold);
            var spanShares = new int[sold.Length];
            Forecast.ShareSafetyStock(safety, sold, spanShares);

            shares.Should().Equal(Apportion(safety, sold), $"safety {safety}, sold [{string.Join(", ", sold)}]");
            spanShares.Should().Equal(shares);
        }
    }

    [Fact]
    public void Shares_by_warehouse_follow_the_ordinal_code_order_whatever_order_the_rows_come_in()
    {
        // Equal sales: the one unit left goes to the first warehouse by ordinal code ("B" before "a").
        (string Code, int Sold)[] levels = [("a", 1), ("c", 1), ("B", 1)];

        var shared = Forecast.ShareByWarehouse(levels, l => l.Code, l => l.Sold, safetyStock: 4);

        shared.Select(x => (x.Level.Code, x.Share)).Should().Equal(("B", 2), ("a", 1), ("c", 1));
        Forecast.ShareByWarehouse(levels, l => l.Code, l => l.Sold, safetyStock: null).Select(x => x.Share).Should().AllSatisfy(s => s.Should().BeNull());
    }

    [Fact]
    public void A_tie_on_the_remainder_goes_to_the_warehouse_that_sold_more()
    {
        // 2 × 1/4 and 2 × 3/4 both leave a remainder of 2 quarters: the one unit left goes to the bigger seller.
        Forecast.ShareSafetyStock(2, [1, 3]).Should().Equal(0, 2);
    }

    [Fact]
    public void The_suggestion_sql_is_the_same_integer_arithmetic_as_the_csharp()
    {
        // Run against PostgreSQL for a grid of values by the integration test SuggestionSqlTests.
        Forecast.SuggestionSql("sold", "$4", "lead", "safety", "pf", "$5").Should().Be(
            "CASE WHEN lead IS NOT NULL THEN LEAST(div((GREATEST(sold, 0)::numeric * lead + COALESCE(safety, 0)::numeric * $4)"
            + " * round(pf * 1000) * round($5 * 1000) + $4 * 1000000::numeric - 1, $4 * 1000000::numeric), 2147483647) END");
    }
}
