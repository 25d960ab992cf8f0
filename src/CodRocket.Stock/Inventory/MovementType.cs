namespace CodRocket.Stock.Inventory;

/// <summary>Why a stock row changed. Stored as text so the ledger reads plainly in SQL.</summary>
public enum MovementType
{
    Receipt,
    Adjustment,
    TransferOut,
    TransferIn,
}
