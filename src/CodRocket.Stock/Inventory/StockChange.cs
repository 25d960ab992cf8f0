using CodRocket.Stock.Catalog;

namespace CodRocket.Stock.Inventory;

/// <summary>
/// One requested change to one stock row. Build them with the factory methods; <see cref="StockLedger"/> applies them.
/// </summary>
/// <param name="CountedOnHand">For a count: the on-hand quantity to set. The ledger records the difference.</param>
/// <param name="KeepAvailable">Refuse the change if it would take available stock (on hand − reserved) below zero.</param>
public sealed record StockChange(
    Guid ProductId,
    Guid WarehouseId,
    MovementType Type,
    int OnHandDelta,
    int ReservedDelta,
    int? CountedOnHand,
    bool KeepAvailable,
    string? Reason = null,
    string? Note = null,
    Guid? Reference = null)
{
    public const int NoteMaxLength = 500;

    public static StockChange Receive(Guid productId, Guid warehouseId, int quantity, string? note = null) =>
        new(productId, warehouseId, MovementType.Receipt, StockLimits.Quantity(quantity, nameof(quantity)), 0, null, false, null, Clean(note));

    public static StockChange Count(Guid productId, Guid warehouseId, int countedOnHand, AdjustmentReason reason, string? note = null) =>
        countedOnHand is < 0 or > StockLimits.MaxQuantity
            ? throw new ArgumentOutOfRangeException(nameof(countedOnHand), countedOnHand, "A counted quantity is between 0 and 1,000,000.")
            : new(productId, warehouseId, MovementType.Adjustment, 0, 0, countedOnHand, false, reason.ToString(), Clean(note));

    /// <summary>Takes units off the shelf (damaged, lost); refused if it would take available stock below zero.</summary>
    public static StockChange WriteOff(Guid productId, Guid warehouseId, int quantity, AdjustmentReason reason, string? note = null) =>
        new(productId, warehouseId, MovementType.Adjustment, -StockLimits.Quantity(quantity, nameof(quantity)), 0, null, true, reason.ToString(), Clean(note));

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
            new(productId, fromWarehouseId, MovementType.TransferOut, -quantity, 0, null, true, null, Clean(note), reference),
            new(productId, toWarehouseId, MovementType.TransferIn, quantity, 0, null, false, null, Clean(note), reference),
        ];
    }

    /// <summary>True when the change may add stock to its warehouse (refused for an inactive warehouse).</summary>
    internal bool Adds => OnHandDelta > 0 || Type == MovementType.TransferIn;

    private static string? Clean(string? note)
    {
        var trimmed = note?.Trim();
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
