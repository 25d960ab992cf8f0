namespace CodRocket.Stock.Inventory;

/// <summary>A stock row that has available units while orders wait on backorder for it.</summary>
public sealed record BackorderCandidate(Guid ProductId, Guid WarehouseId, int Available);

/// <summary>
/// Hands arriving stock to the orders waiting for it, oldest first. The ledger calls it inside the unit of work of
/// any change that leaves units available where a backorder waits; it answers the reservations to apply (the
/// ledger applies them, so the rows and the ledger stay in step). Implemented by the orders feature.
/// </summary>
public interface IBackorderQueue
{
    Task<IReadOnlyList<StockChange>> AllocateAsync(IReadOnlyList<BackorderCandidate> candidates, DateTimeOffset now, CancellationToken ct);
}
