using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Catalog;

public sealed class Product : ITenantOwned
{
    private Product() { }

    public Product(string sku, string name, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        Sku = NormalizeSku(sku);
        Rename(name, now);
        CreatedAt = now;
    }

    public Guid TenantId { get; private set; }
    public Guid Id { get; private set; }
    // Stryker disable once String : the constructor sets both; the initial values only satisfy the compiler for EF.
    public string Sku { get; private set; } = "";
    // Stryker disable once String : as above.
    public string Name { get; private set; } = "";
    public bool IsArchived { get; private set; }

    /// <summary>The global "Low Stock Alert": alert when total available is at or below it. Null: the store default.</summary>
    public int? LowStockThreshold { get; private set; }
    public bool SmsAlerts { get; private set; }
    /// <summary>Null: inherit the store's default policy.</summary>
    public OutOfStockPolicy? OutOfStockPolicy { get; private set; }
    public int? LeadTimeDays { get; private set; }
    public int? SafetyStock { get; private set; }
    public decimal SeasonalFactor { get; private set; } = 1m;
    /// <summary>The catalogue price in the store's currency; null: not priced. An order line keeps the price it was taken at.</summary>
    public decimal? Price { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>How SKUs match outside the database, as the column's case-insensitive collation does inside it.</summary>
    public static readonly StringComparer SkuComparer = StringComparer.OrdinalIgnoreCase;

    /// <summary>Trimmed and in NFC (<see cref="Identifiers"/>); stored as typed otherwise, matched ignoring case.</summary>
    public static string NormalizeSku(string sku)
    {
        var normalized = Identifiers.Normalize(sku);
        if (normalized.Length is 0 or > StockLimits.SkuMaxLength)
        {
            throw new ArgumentException($"A SKU has 1 to {StockLimits.SkuMaxLength} characters.", nameof(sku));
        }
        if (Identifiers.HasHiddenCharacters(normalized))
        {
            throw new ArgumentException("A SKU cannot hold invisible or bidirectional control characters.", nameof(sku));
        }
        return normalized;
    }

    public void Rename(string name, DateTimeOffset now)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > StockLimits.NameMaxLength)
        {
            throw new ArgumentException($"A name has 1 to {StockLimits.NameMaxLength} characters.", nameof(name));
        }
        Name = trimmed;
        UpdatedAt = now;
    }

    public void ChangeSku(string sku, DateTimeOffset now)
    {
        Sku = NormalizeSku(sku);
        UpdatedAt = now;
    }

    public void UpdateStockSettings(ProductStockSettings settings, DateTimeOffset now)
    {
        // The column keeps 3 decimals and would round a fourth silently: a path that forgot to validate cannot store it.
        if (!StockLimits.FitsDecimals(settings.SeasonalFactor, StockLimits.SeasonalFactorDecimals))
        {
            throw new ArgumentException($"A seasonal factor has at most {StockLimits.SeasonalFactorDecimals} decimals.", nameof(settings));
        }
        LowStockThreshold = StockLimits.Threshold(settings.LowStockThreshold, nameof(settings.LowStockThreshold));
        SmsAlerts = settings.SmsAlerts;
        OutOfStockPolicy = settings.OutOfStockPolicy;
        LeadTimeDays = settings.LeadTimeDays is null or (>= 0 and <= StockLimits.MaxLeadTimeDays)
            ? settings.LeadTimeDays
            : throw new ArgumentOutOfRangeException(nameof(settings), settings.LeadTimeDays, "Lead time is 0 to 365 days.");
        SafetyStock = settings.SafetyStock is null or (>= 0 and <= StockLimits.MaxSafetyStock)
            ? settings.SafetyStock
            : throw new ArgumentOutOfRangeException(nameof(settings), settings.SafetyStock, "Safety stock is out of range.");
        SeasonalFactor = settings.SeasonalFactor is >= (decimal)StockLimits.MinSeasonalFactor and <= (decimal)StockLimits.MaxSeasonalFactor
            ? settings.SeasonalFactor
            : throw new ArgumentOutOfRangeException(nameof(settings), settings.SeasonalFactor, "The seasonal factor is 0.1 to 10.");
        UpdatedAt = now;
    }

    /// <summary>Sets or clears the price (0 to <see cref="Prices.Max"/>, at most 2 decimals); past orders keep theirs.</summary>
    public void SetPrice(decimal? price, DateTimeOffset now)
    {
        if (price == Price)
        {
            return;
        }
        Price = Prices.Checked(price, nameof(price));
        UpdatedAt = now;
    }

    public void Archive(DateTimeOffset now)
    {
        IsArchived = true;
        UpdatedAt = now;
    }

    public void Restore(DateTimeOffset now)
    {
        IsArchived = false;
        UpdatedAt = now;
    }

    public OutOfStockPolicy EffectivePolicy(Tenant store) => OutOfStockPolicy ?? store.DefaultOutOfStockPolicy;
}

public sealed record ProductStockSettings(
    int? LowStockThreshold,
    bool SmsAlerts,
    OutOfStockPolicy? OutOfStockPolicy,
    int? LeadTimeDays,
    int? SafetyStock,
    decimal SeasonalFactor);
