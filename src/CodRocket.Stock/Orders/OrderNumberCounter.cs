using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Orders;

/// <summary>
/// The last order number a store handed out. Each store numbers its own orders from 1: the counter row is bumped
/// with <c>UPDATE … RETURNING</c> (an upsert for the first order) in the order's transaction, so concurrent
/// placements get distinct numbers; a rolled-back placement may leave a gap, never a duplicate.
/// </summary>
public sealed class OrderNumberCounter : ITenantOwned
{
    private OrderNumberCounter() { }

    public Guid TenantId { get; private set; }
    public long LastNumber { get; private set; }
}
