using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Webhooks;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodRocket.Stock.Orders;

/// <summary>
/// Fills backordered order lines first-come-first-served (by order time) from units that became available. Runs
/// inside the ledger's transaction, after the products are locked, so two arrivals cannot hand out the same units.
/// Locks are taken in the same order everywhere: products, then orders.
/// </summary>
internal sealed class OrderBackorderQueue(StockDbContext db, ITenantContext tenant, WebhookEvents webhooks) : IBackorderQueue
{
    public async Task<IReadOnlyList<StockChange>> AllocateAsync(IReadOnlyList<BackorderCandidate> candidates, DateTimeOffset now, CancellationToken ct)
    {
        // The unit of work's connection and transaction: the products are locked already.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var tenantId = tenant.RequireTenant();
        var waiting = new List<(Guid OrderId, int LineNo, Guid ProductId, Guid WarehouseId, int Backordered)>();
        await using (var batch = new NpgsqlBatch(connection))
        {
            batch.BatchCommands.Add(Sql.Command(
                """
                SELECT l.order_id, l.line_no, l.product_id, o.warehouse_id, l.backordered
                FROM order_lines l
                JOIN orders o ON o.tenant_id = l.tenant_id AND o.id = l.order_id
                JOIN unnest($2::uuid[], $3::uuid[]) AS c(product_id, warehouse_id)
                  ON c.product_id = l.product_id AND c.warehouse_id = o.warehouse_id
                WHERE l.tenant_id = $1 AND l.backordered > 0 AND o.status IN ('New', 'Confirmed')
                ORDER BY o.created_at, o.number, l.line_no
                FOR UPDATE OF l, o
                """,
                tenantId, candidates.Select(c => c.ProductId).ToArray(), candidates.Select(c => c.WarehouseId).ToArray()));
            await using var reader = await batch.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                waiting.Add((reader.GetGuid(reader.GetOrdinal("order_id")), reader.GetInt32(reader.GetOrdinal("line_no")),
                    reader.GetGuid(reader.GetOrdinal("product_id")), reader.GetGuid(reader.GetOrdinal("warehouse_id")),
                    reader.GetInt32(reader.GetOrdinal("backordered"))));
            }
        }

        var available = candidates.ToDictionary(c => (c.ProductId, c.WarehouseId), c => c.Available);
        var fills = new List<(Guid OrderId, int LineNo, Guid ProductId, Guid WarehouseId, int Units)>();
        foreach (var line in waiting)
        {
            var left = available[(line.ProductId, line.WarehouseId)];
            if (left <= 0)
            {
                continue;
            }
            var units = Math.Min(left, line.Backordered);
            available[(line.ProductId, line.WarehouseId)] = left - units;
            fills.Add((line.OrderId, line.LineNo, line.ProductId, line.WarehouseId, units));
        }
        if (fills.Count == 0)
        {
            return [];
        }

        var orders = fills.Select(f => f.OrderId).Distinct().ToArray();
        await using (var write = new NpgsqlBatch(connection))
        {
            write.BatchCommands.Add(Sql.Command(
                """
                UPDATE order_lines l SET reserved = l.reserved + f.units, backordered = l.backordered - f.units
                FROM unnest($2::uuid[], $3::int[], $4::int[]) AS f(order_id, line_no, units)
                WHERE l.tenant_id = $1 AND l.order_id = f.order_id AND l.line_no = f.line_no
                """,
                tenantId, fills.Select(f => f.OrderId).ToArray(), fills.Select(f => f.LineNo).ToArray(), fills.Select(f => f.Units).ToArray()));
            write.BatchCommands.Add(Sql.Command(
                """
                UPDATE orders o SET updated_at = $3,
                    is_backordered = EXISTS (SELECT 1 FROM order_lines l WHERE l.tenant_id = $1 AND l.order_id = o.id AND l.backordered > 0)
                WHERE o.tenant_id = $1 AND o.id = ANY($2)
                """,
                tenantId, orders, now));
            var perOrder = fills.GroupBy(f => f.OrderId).ToList();
            write.BatchCommands.Add(Sql.Command(
                """
                INSERT INTO order_events (tenant_id, order_id, kind, at, user_id, api_key_id, units)
                SELECT $1, e.order_id, 'BackorderFilled', $4, $5, $6, e.units
                FROM unnest($2::uuid[], $3::int[]) AS e(order_id, units)
                """,
                tenantId,
                perOrder.Select(g => g.Key).ToArray(),
                perOrder.Select(g => g.Sum(f => f.Units)).ToArray(),
                now,
                Sql.Uuid(tenant.UserId),
                Sql.Uuid(tenant.ApiKeyId)));
            await write.ExecuteNonQueryAsync(ct);
        }
        // Announced with the work's commit (forgotten with its rollback), like everything else it did.
        webhooks.AddRange(fills.Select(f => OrderWebhooks.BackorderFilled(f.OrderId, f.ProductId, f.WarehouseId, f.Units)));

        return fills
            .GroupBy(f => (f.ProductId, f.WarehouseId))
            .Select(g => new StockChange(g.Key.ProductId, g.Key.WarehouseId, MovementType.BackorderFill, 0, g.Sum(f => f.Units), null,
                StockGuard.KeepAvailable, BackorderedDelta: -g.Sum(f => f.Units)))
            .ToList();
    }
}
