using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Catalog;

/// <summary>
/// One changed Stock Setting of one product in one scope (the product, or one warehouse for a per-warehouse
/// threshold), old value to new, with who changed it, when and through which path. Append-only; written set-based
/// by <see cref="SettingsAudit"/> in the unit of work of the change itself.
/// </summary>
public sealed class SettingChange : ITenantOwned
{
    public const int ValueMaxLength = 32;

    private SettingChange() { }

    public Guid TenantId { get; private set; }
    public long Id { get; private set; }
    public Guid ProductId { get; private set; }
    /// <summary>Null for the product-wide settings; the warehouse of a per-warehouse threshold.</summary>
    public Guid? WarehouseId { get; private set; }
    public SettingField Field { get; private set; }
    /// <summary>Invariant text: a number, "true"/"false", a policy name; null for "not set" (the store default).</summary>
    public string? OldValue { get; private set; }
    public string? NewValue { get; private set; }
    public ChangeSource Source { get; private set; }
    /// <summary>The bulk action, import or revert this row is part of (<see cref="SettingChangeBatch"/>); null for one product's change.</summary>
    public Guid? BatchId { get; private set; }
    /// <summary>The signed-in person; null for an API key (see <see cref="ApiKeyId"/>) or the system.</summary>
    public Guid? UserId { get; private set; }
    public Guid? ApiKeyId { get; private set; }
    public DateTimeOffset ChangedAt { get; private set; }
}

public enum SettingField
{
    LowStockThreshold,
    SmsAlerts,
    OutOfStockPolicy,
    LeadTimeDays,
    SafetyStock,
    SeasonalFactor,
}

/// <summary>The path a change came through.</summary>
public enum ChangeSource
{
    ProductPage,
    BulkAction,
    Import,
    Api,
    /// <summary>"Revert this change": a bulk action or an import put back (<see cref="ChangeRevert"/>).</summary>
    Revert,
}

/// <summary>
/// Where a settings change comes from, for the audit trail. The user is the tenant context's. <paramref name="BatchId"/>
/// groups the rows of one bulk action, import or revert (its <see cref="SettingChangeBatch"/>, saved in the same work).
/// </summary>
public sealed record ChangeOrigin(ChangeSource Source, Guid? ApiKeyId = null, Guid? BatchId = null)
{
    public static readonly ChangeOrigin ProductPage = new(ChangeSource.ProductPage);
    public static readonly ChangeOrigin BulkAction = new(ChangeSource.BulkAction);
    public static readonly ChangeOrigin Import = new(ChangeSource.Import);
}
