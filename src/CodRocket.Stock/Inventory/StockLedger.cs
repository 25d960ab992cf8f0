using CodRocket.Stock.Alerts;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodRocket.Stock.Inventory;

/// <summary>
/// The one entry point for stock. Every change — page, bulk action, import, API, order — comes through
/// <see cref="ApplyAsync"/>, which in one transaction locks the affected products in id order, applies atomic
/// guarded updates, appends the matching ledger rows (so on hand and reserved always equal the sums of their
/// movements, I1) and evaluates every scope of the affected products against its threshold (I3).
/// </summary>
/// <remarks>
/// This is the hot path, so it speaks SQL directly on the DbContext's connection and transaction: two round trips
/// for any number of changes, a third only when an alert opens, escalates or resolves. Raw SQL bypasses the EF
/// tenant filter, so every statement names tenant_id itself.
/// </remarks>
public sealed class StockLedger(StockDbContext db, ITenantContext tenant, TimeProvider clock)
{
    public Task<StockResult> ReceiveAsync(Guid productId, Guid warehouseId, int quantity, string? note, CancellationToken ct) =>
        ApplyAsync([StockChange.Receive(productId, warehouseId, quantity, note)], ct);

    public Task<StockResult> CountAsync(Guid productId, Guid warehouseId, int countedOnHand, AdjustmentReason reason, string? note, CancellationToken ct) =>
        ApplyAsync([StockChange.Count(productId, warehouseId, countedOnHand, reason, note)], ct);

    public Task<StockResult> TransferAsync(Guid productId, Guid fromWarehouseId, Guid toWarehouseId, int quantity, string? note, CancellationToken ct) =>
        ApplyAsync(StockChange.Transfer(productId, fromWarehouseId, toWarehouseId, quantity, note), ct);

    /// <summary>
    /// Applies all changes or none. Opens its own transaction unless the caller has one; in that case a refusal
    /// leaves the caller's transaction to roll back.
    /// </summary>
    public async Task<StockResult> ApplyAsync(IReadOnlyList<StockChange> changes, CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return new StockResult([], null);
        }
        var tenantId = tenant.RequireTenant();
        var now = clock.GetUtcNow();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var ownTransaction = db.Database.CurrentTransaction is null
                ? await db.Database.BeginTransactionAsync(ct)
                : null;
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();

            var result = await LockAndCheckAsync(connection, tenantId, changes, now, ct)
                is { } refusal
                ? StockResult.Refused(refusal)
                : await WriteAsync(connection, tenantId, changes, now, ct);

            if (ownTransaction is not null)
            {
                await (result.Succeeded ? ownTransaction.CommitAsync(ct) : ownTransaction.RollbackAsync(ct));
            }
            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Round trip 1: lock the products (id order, so concurrent multi-product changes cannot deadlock), check the
    /// warehouses, and create missing stock rows.
    /// </summary>
    private static async Task<StockRefusal?> LockAndCheckAsync(
        NpgsqlConnection connection, Guid tenantId, IReadOnlyList<StockChange> changes, DateTimeOffset now, CancellationToken ct)
    {
        var productIds = changes.Select(c => c.ProductId).Distinct().ToArray();
        var warehouseIds = changes.Select(c => c.WarehouseId).Distinct().ToArray();
        var rowProducts = changes.Select(c => c.ProductId).ToArray();
        var rowWarehouses = changes.Select(c => c.WarehouseId).ToArray();

        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Sql.Command(Sql.LockProducts, tenantId, productIds));
        batch.BatchCommands.Add(Sql.Command(
            "SELECT id, is_active FROM warehouses WHERE tenant_id = $1 AND id = ANY($2)",
            tenantId, warehouseIds));
        batch.BatchCommands.Add(Sql.Command(
            """
            INSERT INTO stock_levels (tenant_id, product_id, warehouse_id, on_hand, reserved, updated_at)
            SELECT $1, x.p, x.w, 0, 0, $4
            FROM unnest($2::uuid[], $3::uuid[]) AS x(p, w)
            WHERE EXISTS (SELECT 1 FROM products WHERE tenant_id = $1 AND id = x.p)
              AND EXISTS (SELECT 1 FROM warehouses WHERE tenant_id = $1 AND id = x.w)
            ON CONFLICT DO NOTHING
            """,
            tenantId, rowProducts, rowWarehouses, now));

        var lockedProducts = new HashSet<Guid>();
        var warehouses = new Dictionary<Guid, bool>();
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                lockedProducts.Add(reader.GetGuid(0));
            }
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                warehouses[reader.GetGuid(0)] = reader.GetBoolean(1);
            }
        }

        foreach (var change in changes)
        {
            if (!lockedProducts.Contains(change.ProductId))
            {
                return new StockRefusal(StockRefusalReason.UnknownProduct, change.ProductId, change.WarehouseId);
            }
            if (!warehouses.TryGetValue(change.WarehouseId, out var active))
            {
                return new StockRefusal(StockRefusalReason.UnknownWarehouse, change.ProductId, change.WarehouseId);
            }
            if (!active && change.Adds)
            {
                return new StockRefusal(StockRefusalReason.InactiveWarehouse, change.ProductId, change.WarehouseId);
            }
        }
        return null;
    }

    /// <summary>
    /// Round trip 2: one statement per change that updates the row (guarded when the change must keep available
    /// stock at or above zero) and appends the movement with the exact before/after difference; then the alert
    /// snapshot of the affected products, read in the same batch.
    /// </summary>
    private async Task<StockResult> WriteAsync(
        NpgsqlConnection connection, Guid tenantId, IReadOnlyList<StockChange> changes, DateTimeOffset now, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var change in changes)
        {
            batch.BatchCommands.Add(Sql.Command(
                """
                WITH old AS (
                    SELECT on_hand, reserved FROM stock_levels
                    WHERE tenant_id = $1 AND product_id = $2 AND warehouse_id = $3),
                upd AS (
                    UPDATE stock_levels s
                    SET on_hand = COALESCE($6, s.on_hand + $4), reserved = s.reserved + $5, updated_at = $12
                    WHERE s.tenant_id = $1 AND s.product_id = $2 AND s.warehouse_id = $3
                      AND (NOT $7 OR COALESCE($6, s.on_hand + $4) - (s.reserved + $5) >= 0)
                    RETURNING s.on_hand, s.reserved)
                INSERT INTO stock_movements (tenant_id, product_id, warehouse_id, type, on_hand_delta, reserved_delta,
                    on_hand_after, reserved_after, reason, note, reference, user_id, created_at)
                SELECT $1, $2, $3, $8, upd.on_hand - old.on_hand, upd.reserved - old.reserved,
                    upd.on_hand, upd.reserved, $9, $10, $11, $13, $12
                FROM upd, old
                RETURNING on_hand_after, reserved_after
                """,
                tenantId, change.ProductId, change.WarehouseId, change.OnHandDelta, change.ReservedDelta,
                change.CountedOnHand, change.KeepAvailable, change.Type.ToString(), change.Reason, change.Note,
                change.Reference, now, tenant.UserId));
        }

        var productIds = changes.Select(c => c.ProductId).Distinct().ToArray();
        batch.BatchCommands.Add(AlertEvaluator.SnapshotCommand(tenantId, productIds));

        var levels = new List<StockLevelAfter>(changes.Count);
        StockChange? refused = null;
        List<ScopeSnapshot> scopes;
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            foreach (var change in changes)
            {
                if (await reader.ReadAsync(ct))
                {
                    levels.Add(new StockLevelAfter(change.ProductId, change.WarehouseId, reader.GetInt32(0), reader.GetInt32(1)));
                }
                else
                {
                    refused ??= change;
                }
                await reader.NextResultAsync(ct);
            }
            scopes = await AlertEvaluator.ReadSnapshotAsync(reader, ct);
        }

        if (refused is not null)
        {
            var available = await AvailableAsync(connection, tenantId, refused.ProductId, refused.WarehouseId, ct);
            return StockResult.Refused(new StockRefusal(
                StockRefusalReason.InsufficientStock, refused.ProductId, refused.WarehouseId, -refused.OnHandDelta + refused.ReservedDelta, available));
        }
        var alerts = await AlertEvaluator.ApplyAsync(connection, tenantId, scopes, now, ct);
        return new StockResult(levels, null, alerts);
    }

    private static async Task<int> AvailableAsync(NpgsqlConnection connection, Guid tenantId, Guid productId, Guid warehouseId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT on_hand - reserved FROM stock_levels WHERE tenant_id = $1 AND product_id = $2 AND warehouse_id = $3",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = productId });
        command.Parameters.Add(new NpgsqlParameter { Value = warehouseId });
        return await command.ExecuteScalarAsync(ct) is int available ? available : 0;
    }
}
