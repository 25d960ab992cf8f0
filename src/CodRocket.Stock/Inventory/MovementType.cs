namespace CodRocket.Stock.Inventory;

/// <summary>Why a stock row changed. Stored as text so the ledger reads plainly in SQL.</summary>
public enum MovementType
{
    Receipt,
    Adjustment,
    TransferOut,
    TransferIn,
    /// <summary>An order set units aside (reserved up).</summary>
    Reservation,
    /// <summary>A cancelled order gave its reserved units back.</summary>
    Release,
    /// <summary>An order left with the courier (on hand and reserved down).</summary>
    Shipment,
    /// <summary>A returned order's units came back on the shelf.</summary>
    Return,
    /// <summary>Arriving stock went to orders waiting on backorder, oldest first.</summary>
    BackorderFill,
}
