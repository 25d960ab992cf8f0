using CodRocket.Stock.Catalog;
using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Inventory;

/// <summary>
/// One product in one warehouse. Quantities change only through <see cref="StockLedger"/>, which updates them
/// atomically in SQL and appends the matching movements; the entity exposes them read-only.
/// </summary>
public sealed class StockLevel : ITenantOwned
{
    private StockLevel() { }

    public StockLevel(Guid productId, Guid warehouseId)
    {
        ProductId = productId;
        WarehouseId = warehouseId;
    }

    public Guid TenantId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid WarehouseId { get; private set; }
    public int OnHand { get; private set; }
    public int Reserved { get; private set; }
    /// <summary>Units orders are waiting for here (auto-backorder), filled first-come-first-served as stock arrives.</summary>
    public int Backordered { get; private set; }
    /// <summary>
    /// On hand less reserved: what new orders can take. Stored by PostgreSQL as the generated column
    /// <c>stock_levels.available</c> (<see cref="AvailableSql"/>), so LINQ, raw SQL and indexes read the one definition;
    /// the entity reads it back and never writes it.
    /// </summary>
    public int Available { get; private set; }
    /// <summary>Per-warehouse Low Stock Alert; null when not set.</summary>
    public int? LowStockThreshold { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>
    /// The scope has had stock on hand at least once. Until then it is "not stocked yet" and does not alert: its
    /// first receipt arms the alert (the ledger sets this in the same update that brings on hand above zero).
    /// </summary>
    public bool Stocked { get; private set; }

    /// <summary>The generated column's expression: <see cref="Available"/> as PostgreSQL computes and stores it.</summary>
    public const string AvailableSql = "on_hand - reserved";

    public void SetLowStockThreshold(int? threshold, DateTimeOffset now)
    {
        LowStockThreshold = StockLimits.Threshold(threshold, nameof(threshold));
        UpdatedAt = now;
    }
}
