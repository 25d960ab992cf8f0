namespace CodRocket.Stock.Catalog;

/// <summary>
/// Sane bounds for merchant-entered numbers. Forms, the API and imports validate against these; entities
/// refuse anything outside them, so a path that forgets to validate still cannot store nonsense.
/// </summary>
public static class StockLimits
{
    public const int MaxThreshold = 1_000_000;
    public const int MaxQuantity = 1_000_000;
    /// <summary>
    /// The most units a product may hold in one warehouse (on hand, and reserved). The ledger refuses a change that would
    /// pass it, or <see cref="MaxProductStock"/>, with a 409 naming the limit, rather than overflow PostgreSQL's integer;
    /// the product stays usable, and other warehouses keep receiving.
    /// </summary>
    public const int MaxStock = 100_000_000;
    /// <summary>The most units a product may hold across all its warehouses (its totals stay within an integer).</summary>
    public const int MaxProductStock = 2_000_000_000;
    public const int MaxLeadTimeDays = 365;
    public const int MaxSafetyStock = 1_000_000;
    public const double MinSeasonalFactor = 0.1;
    public const double MaxSeasonalFactor = 10;
    /// <summary>Decimals a seasonal factor keeps (numeric(6,3)): more is refused, never silently rounded.</summary>
    public const int SeasonalFactorDecimals = 3;
    public const int SkuMaxLength = 64;
    public const int NameMaxLength = 200;

    /// <summary>True when <paramref name="value"/> has no more decimals than <paramref name="decimals"/> (1.250 has two).</summary>
    public static bool FitsDecimals(decimal value, int decimals) => decimal.Round(value, decimals) == value;

    public static int? Threshold(int? value, string name) =>
        value is null or (>= 0 and <= MaxThreshold)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"A threshold is between 0 and {MaxThreshold}.");

    public static int Quantity(int value, string name) =>
        value is > 0 and <= MaxQuantity
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"A quantity is between 1 and {MaxQuantity}.");
}
