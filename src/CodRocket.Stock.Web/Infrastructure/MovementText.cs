using CodRocket.Stock.Inventory;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>Merchant words for ledger lines (English keys for the localizer).</summary>
public static class MovementText
{
    public static string Name(MovementType type) => type switch
    {
        MovementType.Receipt => "Received",
        MovementType.Adjustment => "Counted",
        MovementType.TransferOut => "Transferred out",
        MovementType.TransferIn => "Transferred in",
        MovementType.Reservation => "Reserved for an order",
        MovementType.Release => "Released by a cancellation",
        MovementType.Shipment => "Shipped to a customer",
        MovementType.Return => "Returned by a customer",
        MovementType.BackorderFill => "Backorder filled",
        _ => type.ToString(),
    };

    public static string Reason(string? reason) => reason switch
    {
        nameof(AdjustmentReason.Count) => "Stock count",
        nameof(AdjustmentReason.Damaged) => "Damaged",
        nameof(AdjustmentReason.Lost) => "Lost or stolen",
        nameof(AdjustmentReason.Found) => "Found",
        nameof(AdjustmentReason.Correction) => "Correction",
        _ => reason ?? "",
    };
}
