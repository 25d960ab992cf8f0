using CodRocket.Stock.Alerts;

namespace CodRocket.Stock.Inventory;

/// <summary>A stock row after a change was applied, and what the change reserved (an up-to reservation may take less).</summary>
/// <param name="Threshold">The product's own threshold in this warehouse, as the change's transaction read it.</param>
public sealed record StockLevelAfter(
    Guid ProductId, Guid WarehouseId, int OnHand, int Reserved, int ReservedByChange = 0, int Backordered = 0, int? Threshold = null)
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
    /// <summary>
    /// The change was addressed by names (<see cref="StockTargetNames"/>) that no longer name its rows as the ledger locked
    /// them: a node remembered them, and they changed since (a renamed SKU or code, a removed row). Ask anew and retry.
    /// </summary>
    Renamed,
}

/// <summary>
/// The names a change was addressed by, with the ids a node remembered for them (an API movement's SKU and warehouse
/// codes): the ledger checks them on the rows it locks, in the change's own batch, and refuses with
/// <see cref="StockRefusalReason.Renamed"/> unless the product still has exactly that SKU and each warehouse that code.
/// </summary>
public sealed record StockTargetNames(Guid ProductId, string Sku, IReadOnlyDictionary<Guid, string> WarehouseCodes);

/// <summary>Why the ledger refused a change. Nothing was written.</summary>
public sealed record StockRefusal(StockRefusalReason Reason, Guid ProductId, Guid WarehouseId, int Requested = 0, int Available = 0);

/// <param name="Alerts">The alerts the change opened, escalated or resolved.</param>
public sealed record StockResult(IReadOnlyList<StockLevelAfter> Levels, StockRefusal? Refusal, AlertOutcome? Alerts = null)
{
    public bool Succeeded => Refusal is null;

    public static StockResult Refused(StockRefusal refusal) => new([], refusal);
}
