using CodRocket.Stock.Catalog;

namespace CodRocket.Stock.Inventory;

/// <summary>What a change must not do to its stock row; the ledger refuses it (and everything with it) otherwise.</summary>
public enum StockGuard
{
    None,
    /// <summary>Available stock (on hand − reserved) stays at or above zero.</summary>
    KeepAvailable,
    /// <summary>On hand stays at or above zero (a shipment cannot send units the shelf does not have).</summary>
    KeepOnHand,
}

/// <summary>
/// One requested change to one stock row. Build them with the factory methods; <see cref="StockLedger"/> applies them.
/// </summary>
/// <param name="CountedOnHand">For a count: the on-hand quantity to set. The ledger records the difference.</param>
/// <param name="ReserveUpTo">For an auto-backorder reservation: reserve what is available, up to
/// <paramref name="ReservedDelta"/>, and count the rest as backordered.</param>
/// <param name="BackorderedDelta">Change to the row's count of units waiting on backorder.</param>
public sealed record StockChange(
    Guid ProductId,
    Guid WarehouseId,
    MovementType Type,
    int OnHandDelta,
    int ReservedDelta,
    int? CountedOnHand,
    StockGuard Guard,
    string? Reason = null,
    string? Note = null,
    Guid? Reference = null,
    int BackorderedDelta = 0,
    bool ReserveUpTo = false)
{
    public const int NoteMaxLength = 500;

    public bool KeepAvailable => Guard == StockGuard.KeepAvailable;

    public static StockChange Receive(Guid productId, Guid warehouseId, int quantity, string? note = null) =>
        new(productId, warehouseId, MovementType.Receipt, StockLimits.Quantity(quantity, nameof(quantity)), 0, null, StockGuard.None, null, Clean(note));

    public static StockChange Count(Guid productId, Guid warehouseId, int countedOnHand, AdjustmentReason reason, string? note = null) =>
        countedOnHand is < 0 or > StockLimits.MaxQuantity
            ? throw new ArgumentOutOfRangeException(nameof(countedOnHand), countedOnHand, "A counted quantity is between 0 and 1,000,000.")
            : new(productId, warehouseId, MovementType.Adjustment, 0, 0, countedOnHand, StockGuard.None, reason.ToString(), Clean(note));

    /// <summary>Takes units off the shelf (damaged, lost); refused if it would take available stock below zero.</summary>
    public static StockChange WriteOff(Guid productId, Guid warehouseId, int quantity, AdjustmentReason reason, string? note = null) =>
        new(productId, warehouseId, MovementType.Adjustment, -StockLimits.Quantity(quantity, nameof(quantity)), 0, null, StockGuard.KeepAvailable, reason.ToString(), Clean(note));

    public static IReadOnlyList<StockChange> Transfer(Guid productId, Guid fromWarehouseId, Guid toWarehouseId, int quantity, string? note = null)
    {
        if (fromWarehouseId == toWarehouseId)
        {
            throw new ArgumentException("A transfer needs two different warehouses.", nameof(toWarehouseId));
        }
        StockLimits.Quantity(quantity, nameof(quantity));
        var reference = Guid.CreateVersion7();
        return
        [
            new(productId, fromWarehouseId, MovementType.TransferOut, -quantity, 0, null, StockGuard.KeepAvailable, null, Clean(note), reference),
            new(productId, toWarehouseId, MovementType.TransferIn, quantity, 0, null, StockGuard.None, null, Clean(note), reference),
        ];
    }

    /// <summary>
    /// Sets units aside for an order. <paramref name="mustBeAvailable"/> (Block) refuses a shortage; otherwise (Warning
    /// only) available stock may go negative: the product is oversold.
    /// </summary>
    public static StockChange Reserve(Guid productId, Guid warehouseId, int quantity, bool mustBeAvailable, Guid orderId) =>
        new(productId, warehouseId, MovementType.Reservation, 0, StockLimits.Quantity(quantity, nameof(quantity)), null,
            mustBeAvailable ? StockGuard.KeepAvailable : StockGuard.None, Reference: orderId);

    /// <summary>Auto-backorder: reserves what is available, up to <paramref name="quantity"/>; the rest waits on backorder.</summary>
    public static StockChange ReserveOrBackorder(Guid productId, Guid warehouseId, int quantity, Guid orderId) =>
        new(productId, warehouseId, MovementType.Reservation, 0, StockLimits.Quantity(quantity, nameof(quantity)), null,
            StockGuard.None, Reference: orderId, ReserveUpTo: true);

    /// <summary>An order gives back what it held: its reserved units and its place in the backorder queue.</summary>
    public static StockChange Release(Guid productId, Guid warehouseId, int reserved, int backordered, Guid orderId) =>
        new(productId, warehouseId, MovementType.Release, 0, -reserved, null, StockGuard.None, Reference: orderId, BackorderedDelta: -backordered);

    /// <summary>The reserved units leave the shelf with the courier.</summary>
    public static StockChange Ship(Guid productId, Guid warehouseId, int quantity, Guid orderId) =>
        new(productId, warehouseId, MovementType.Shipment, -quantity, -quantity, null, StockGuard.KeepOnHand, Reference: orderId);

    /// <summary>A returned parcel's units are back on the shelf.</summary>
    public static StockChange Return(Guid productId, Guid warehouseId, int quantity, Guid orderId) =>
        new(productId, warehouseId, MovementType.Return, quantity, 0, null, StockGuard.None, Reference: orderId);

    /// <summary>True when the change may add stock to its warehouse (refused for an inactive warehouse).</summary>
    internal bool Adds => OnHandDelta > 0 || Type == MovementType.TransferIn;

    private static string? Clean(string? note)
    {
        var trimmed = note?.Trim();
        // Stryker disable once Equality : a note of exactly the limit cut to the limit is the same note.
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length > NoteMaxLength ? trimmed[..NoteMaxLength] : trimmed;
    }
}

public enum AdjustmentReason
{
    Count,
    Damaged,
    Lost,
    Found,
    Correction,
}
