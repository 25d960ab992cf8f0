using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Inventory;

/// <summary>
/// One line of the append-only stock ledger. For every stock row, on hand and reserved equal the sums of
/// <see cref="OnHandDelta"/> and <see cref="ReservedDelta"/> over its movements (invariant I1).
/// Written only by <see cref="StockLedger"/>.
/// </summary>
public sealed class StockMovement : ITenantOwned
{
    private StockMovement() { }

    public Guid TenantId { get; private set; }
    public long Id { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid WarehouseId { get; private set; }
    public MovementType Type { get; private set; }
    public int OnHandDelta { get; private set; }
    public int ReservedDelta { get; private set; }
    public int OnHandAfter { get; private set; }
    public int ReservedAfter { get; private set; }
    public int BackorderedDelta { get; private set; }
    public int BackorderedAfter { get; private set; }
    public string? Reason { get; private set; }
    public string? Note { get; private set; }
    /// <summary>Ties the two legs of a transfer together, or names the order.</summary>
    public Guid? Reference { get; private set; }
    public Guid? UserId { get; private set; }
    /// <summary>The API key the change came through (null from a page, an import or a job).</summary>
    public Guid? ApiKeyId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}
