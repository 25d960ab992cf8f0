namespace CodRocket.Stock.Forecasting;

/// <summary>What the forecast of one scope (a product in all warehouses, or in one) is computed from.</summary>
/// <param name="Sold">Units sold in the window (see <see cref="DailySales"/> for what counts).</param>
/// <param name="Threshold">The scope's Low Stock Alert in force (the store default for a product without one).</param>
/// <param name="ProductFactor">The product's own seasonal factor (1 when there is no season).</param>
/// <param name="StoreFactor">The store's season in force today (1 outside any).</param>
public sealed record ForecastInputs(
    int OnHand,
    int Available,
    int Sold,
    int WindowDays,
    int? Threshold,
    int? LeadTimeDays,
    int? SafetyStock,
    decimal ProductFactor = 1m,
    decimal StoreFactor = 1m)
{
    public decimal Factor => ProductFactor * StoreFactor;
}

public enum MissingInput
{
    None,
    LeadTime,
}

/// <summary>
/// ceil((velocity × lead time + safety stock) × seasonal factor), with what went into it so a page can say it in
/// words. <see cref="Value"/> is null when an input is missing (<see cref="Missing"/> names it).
/// </summary>
public sealed record ThresholdSuggestion(int? Value, MissingInput Missing, decimal Velocity, int? LeadTimeDays, int SafetyStock, decimal Factor, bool RoundedUp);

/// <param name="Velocity">Units sold per day over the window.</param>
/// <param name="DaysLeft">Available ÷ velocity; 0 when nothing is available; null when nothing sold ("no recent sales").</param>
/// <param name="StockOutDate">The store day the last unit goes at this rate (today when already out).</param>
/// <param name="ThresholdDate">The store day available stock reaches the threshold at this rate (today when already there).</param>
/// <param name="StockToSales">On hand ÷ units sold in the window; null when nothing sold.</param>
/// <param name="ReorderQuantity">Enough to cover the lead time and one more window at this rate, plus safety stock and
/// season, minus what is available; never below zero. A missing lead time counts as zero days. It always brings
/// available stock back above the threshold (a reorder that leaves the scope low would leave its alert open).</param>
public sealed record Forecast(
    decimal Velocity,
    decimal? DaysLeft,
    DateOnly? StockOutDate,
    DateOnly? ThresholdDate,
    decimal? StockToSales,
    ThresholdSuggestion Suggestion,
    int ReorderQuantity)
{
    public bool NoRecentSales => Velocity == 0;

    /// <summary>
    /// The arithmetic, all in exact integers (the factors have 3 decimals): velocity is Sold / WindowDays, so every
    /// figure below is a ratio of integers, rounded only once, the way the report's SQL does it.
    /// </summary>
    public static Forecast Of(ForecastInputs x, DateOnly today)
    {
        if (x.WindowDays <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x.WindowDays, "The window has at least one day.");
        }
        var sold = Math.Max(0, x.Sold);
        var window = x.WindowDays;
        var velocity = (decimal)sold / window;

        var daysLeft = DaysLeftOf(x.Available, sold, window);
        DateOnly? stockOut = x.Available <= 0 ? today : sold == 0 ? null : today.AddDays(FloorDays(x.Available, window, sold));
        DateOnly? thresholdDate = x.Threshold is not { } threshold ? null
            : x.Available <= threshold ? today
            : sold == 0 ? null
            : today.AddDays(FloorDays(x.Available - threshold, window, sold));
        var ratio = StockToSalesOf(x.OnHand, sold);

        return new Forecast(velocity, daysLeft, stockOut, thresholdDate, ratio, Suggest(x), Reorder(x));
    }

    /// <summary><see cref="DaysLeft"/> alone, for a caller that sorts many scopes by it (sold is at least 0).</summary>
    public static decimal? DaysLeftOf(int available, int sold, int windowDays) =>
        available <= 0 ? 0m : sold == 0 ? null : (decimal)available * windowDays / sold;

    /// <summary><see cref="StockToSales"/> alone, for a caller that sorts many scopes by it (sold is at least 0).</summary>
    public static decimal? StockToSalesOf(int onHand, int sold) => sold == 0 ? null : (decimal)onHand / sold;

    public static ThresholdSuggestion Suggest(ForecastInputs x)
    {
        var sold = Math.Max(0, x.Sold);
        var velocity = (decimal)sold / x.WindowDays;
        var safety = x.SafetyStock ?? 0;
        if (x.LeadTimeDays is not { } lead)
        {
            return new ThresholdSuggestion(null, MissingInput.LeadTime, velocity, null, safety, x.Factor, false);
        }
        // (sold / window × lead + safety) × factor = (sold × lead + safety × window) × factor / window
        var (value, roundedUp) = CeilRatio(((Int128)sold * lead + (Int128)safety * x.WindowDays) * Millionths(x), (Int128)x.WindowDays * 1_000_000);
        return new ThresholdSuggestion(value, MissingInput.None, velocity, lead, safety, x.Factor, roundedUp);
    }

    /// <summary>
    /// <see cref="Suggest"/>'s value as a PostgreSQL expression over the given SQL expressions (sold and window as int,
    /// lead time and safety stock as nullable int, the two factors as numeric): the same exact integer arithmetic, so
    /// the report sorts by the figure the product page shows. Null where the lead time is.
    /// </summary>
    public static string SuggestionSql(string sold, string windowDays, string leadTimeDays, string safetyStock, string productFactor, string storeFactor) =>
        $"CASE WHEN {leadTimeDays} IS NOT NULL THEN LEAST(div("
        + $"(GREATEST({sold}, 0)::numeric * {leadTimeDays} + COALESCE({safetyStock}, 0)::numeric * {windowDays})"
        + $" * round({productFactor} * 1000) * round({storeFactor} * 1000) + {windowDays} * 1000000::numeric - 1,"
        + $" {windowDays} * 1000000::numeric), {int.MaxValue}) END";

    private static int Reorder(ForecastInputs x)
    {
        var sold = Math.Max(0, x.Sold);
        var lead = x.LeadTimeDays ?? 0;
        var (cover, _) = CeilRatio(((Int128)sold * (lead + x.WindowDays) + (Int128)(x.SafetyStock ?? 0) * x.WindowDays) * Millionths(x),
            (Int128)x.WindowDays * 1_000_000);
        var aboveThreshold = x.Threshold is { } threshold ? threshold + 1 : 0;
        return Math.Max(0, Math.Max(cover, aboveThreshold) - x.Available);
    }

    /// <summary>
    /// One product's stock rows in ordinal warehouse-code order, each with its share of <paramref name="safetyStock"/>
    /// (null without one): <see cref="ShareSafetyStock(int, IReadOnlyList{int})"/>'s ties go to the first, so this order decides them, the same on
    /// the product page and in the report.
    /// </summary>
    public static List<(T Level, int? Share)> ShareByWarehouse<T>(IEnumerable<T> levels, Func<T, string> code, Func<T, int> sold, int? safetyStock)
    {
        var ordered = levels.OrderBy(code, StringComparer.Ordinal).ToList();
        var shares = safetyStock is { } safety ? ShareSafetyStock(safety, [.. ordered.Select(sold)]) : null;
        return [.. ordered.Select((level, i) => (level, shares?[i]))];
    }

    /// <summary>
    /// A product's safety stock shared across its warehouses in proportion to their sales in the window (equally when
    /// nothing sold), rounded by largest remainder so the parts add up to exactly the whole: per-warehouse
    /// suggestions then add up to the product's, instead of each warehouse carrying the whole safety stock.
    /// </summary>
    public static int[] ShareSafetyStock(int safetyStock, IReadOnlyList<int> sold)
    {
        var shares = new int[sold.Count];
        ShareSafetyStock(safetyStock, [.. sold], shares);
        return shares;
    }

    /// <summary>
    /// <see cref="ShareSafetyStock(int, IReadOnlyList{int})"/> into <paramref name="shares"/> (as long as
    /// <paramref name="sold"/>), allocating nothing for a store's usual handful of warehouses: the report shares every
    /// product of a store.
    /// </summary>
    public static void ShareSafetyStock(int safetyStock, ReadOnlySpan<int> sold, Span<int> shares)
    {
        var count = sold.Length;
        if (count == 0)
        {
            return;
        }
        // With sales below zero counted as none; equal weights when nothing sold.
        Span<long> weights = count <= 32 ? stackalloc long[count] : new long[count];
        Span<long> remainders = count <= 32 ? stackalloc long[count] : new long[count];
        long total = 0;
        for (var i = 0; i < count; i++)
        {
            weights[i] = Math.Max(0, sold[i]);
            total += weights[i];
        }
        if (total == 0)
        {
            weights.Fill(1L);
            total = count;
        }
        var left = safetyStock;
        for (var i = 0; i < count; i++)
        {
            var exact = (Int128)safetyStock * weights[i];
            shares[i] = (int)(exact / total);
            remainders[i] = (long)(exact % total);
            left -= shares[i];
        }
        // The units left (fewer than the warehouses) go one each by largest remainder; ties to the warehouse that sold
        // more, then to the first. A warehouse given its unit leaves the race (its remainder is set below any other).
        for (; left > 0; left--)
        {
            var next = 0;
            for (var i = 1; i < count; i++)
            {
                if (remainders[i] > remainders[next] || (remainders[i] == remainders[next] && weights[i] > weights[next]))
                {
                    next = i;
                }
            }
            remainders[next] = long.MinValue;
            shares[next]++;
        }
    }

    /// <summary>The combined factor in millionths: each factor has at most 3 decimals.</summary>
    private static Int128 Millionths(ForecastInputs x) =>
        (Int128)decimal.Round(x.ProductFactor * 1000m) * (Int128)decimal.Round(x.StoreFactor * 1000m);

    private static (int Value, bool RoundedUp) CeilRatio(Int128 numerator, Int128 denominator)
    {
        var quotient = Int128.DivRem(numerator, denominator);
        var value = quotient.Quotient + (quotient.Remainder > 0 ? 1 : 0);
        return ((int)Int128.Min(value, int.MaxValue), quotient.Remainder > 0);
    }

    private static int FloorDays(int units, int window, int sold) => (int)Math.Min((long)units * window / sold, 36_500);
}
