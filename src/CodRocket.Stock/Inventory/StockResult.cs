using CodRocket.Stock.Alerts;

namespace CodRocket.Stock.Inventory;

/// <summary>A stock row after a change was applied, and what the change reserved (an up-to reservation may take less).</summary>
public sealed record StockLevelAfter(Guid ProductId, Guid WarehouseId, int OnHand, int Reserved, int ReservedByChange = 0, int Backordered = 0)
{
    public int Available => OnHand - Reserved;
}

public enum StockRefusalReason
{
    UnknownProduct,
    UnknownWarehouse,
    InactiveWarehouse,
    InsufficientStock,
    /// <summary>A shipment asks for more than is on the shelf.</summary>
    InsufficientOnHand,
    /// <summary>The change would take the product past <see cref="Catalog.StockLimits.MaxStock"/> units on hand, reserved or backordered in
    /// one warehouse, or <see cref="Catalog.StockLimits.MaxProductStock"/> in all (Available: the warehouse limit).</summary>
    StockLimitReached,
}

/// <summary>Why the ledger refused a change. Nothing was written.</summary>
public sealed record StockRefusal(StockRefusalReason Reason, Guid ProductId, Guid WarehouseId, int Requested = 0, int Available = 0);

/// <param name="Alerts">The alerts the change opened, escalated or resolved.</param>
public sealed record StockResult(IReadOnlyList<StockLevelAfter> Levels, StockRefusal? Refusal, AlertOutcome? Alerts = null)
{
    public bool Succeeded => Refusal is null;

    public static StockResult Refused(StockRefusal refusal) => new([], refusal);
}
