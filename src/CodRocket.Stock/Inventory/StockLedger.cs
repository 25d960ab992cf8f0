using CodRocket.Stock.Alerts;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodRocket.Stock.Inventory;

/// <summary>What the ledger did: the rows after the changes (or the refusal), and every scope of the products, read after them.</summary>
/// <param name="Probed">The answer to the batch's yes-or-no probe, when one was sent.</param>
internal sealed record LedgerOutcome(StockResult Result, IReadOnlyList<ScopeSnapshot> Scopes, bool? Probed = null);

/// <summary>
/// The stock side of <see cref="StockWork"/>: applies changes as atomic guarded updates, appends the matching ledger
/// rows (so on hand and reserved always equal the sums of their movements, I1), hands units that became available
/// to waiting backorders, and reads the alert scopes of the products afterwards for the work to evaluate (I3).
/// </summary>
/// <remarks>
/// This is the hot path, so it speaks SQL on the work's connection and transaction, in one batch (one round trip)
/// for any number of changes, together with whatever the work still has to send first (its tenant setting and
/// product locks). The statements run in order inside the transaction, so the product locks taken first cover
/// everything after them. Raw SQL bypasses the EF tenant filter: every statement names tenant_id itself.
/// </remarks>
internal sealed class StockLedger(StockDbContext db, ITenantContext tenant, IBackorderQueue backorders)
{
    /// <param name="prelude">Sent first in the same batch; <paramref name="preludeResults"/> of them return a result set.</param>
    /// <param name="lockIds">The products to lock (in id order): the changes' products, or all of the work's when
    /// the work has not locked them yet. The lock doubles as the "is it this store's product" check.</param>
    /// <param name="probe">A query of one boolean sent last in the same batch (what the caller needs to know in
    /// this transaction without a round trip of its own); its answer is <see cref="LedgerOutcome.Probed"/>.</param>
    /// <param name="names">The names the changes were addressed by, when their ids came from a node's memory: checked on
    /// the locked rows (<see cref="StockRefusalReason.Renamed"/>).</param>
    public async Task<LedgerOutcome> ApplyAsync(
        IReadOnlyList<NpgsqlBatchCommand> prelude, int preludeResults, Guid[] lockIds, IReadOnlyList<StockChange> changes, DateTimeOffset now,
        NpgsqlBatchCommand? probe, StockTargetNames? names, CancellationToken ct)
    {
        var tenantId = tenant.RequireTenant();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var productIds = changes.Select(c => c.ProductId).Distinct().ToArray();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in prelude)
        {
            batch.BatchCommands.Add(command);
        }
        // 1. Lock the products in id order, so concurrent multi-product changes cannot deadlock and checks on a
        //    product's total see every other change to it.
        batch.BatchCommands.Add(Sql.LockProducts(tenantId, lockIds));
        // 2. The warehouses, to tell "unknown" and "inactive" apart (and their codes, for a change addressed by them).
        batch.BatchCommands.Add(Sql.Command(
            "SELECT id, is_active, code FROM warehouses WHERE tenant_id = $1 AND id = ANY($2)",
            tenantId, changes.Select(c => c.WarehouseId).Distinct().ToArray()));
        // 3. Missing stock rows, for this store's products and warehouses only.
        batch.BatchCommands.Add(Sql.Command(
            """
            INSERT INTO stock_levels (tenant_id, product_id, warehouse_id, on_hand, reserved, updated_at)
            SELECT $1, x.p, x.w, 0, 0, $4
            FROM unnest($2::uuid[], $3::uuid[]) AS x(p, w)
            WHERE EXISTS (SELECT 1 FROM products WHERE tenant_id = $1 AND id = x.p)
              AND EXISTS (SELECT 1 FROM warehouses WHERE tenant_id = $1 AND id = x.w)
            ON CONFLICT DO NOTHING
            RETURNING 1
            """,
            tenantId, changes.Select(c => c.ProductId).ToArray(), changes.Select(c => c.WarehouseId).ToArray(), now));
        // 4. One statement per change: the update (guarded as the change asks) and its ledger row, with the exact
        //    before/after difference.
        foreach (var change in changes)
        {
            batch.BatchCommands.Add(ChangeCommand(tenantId, change, now));
        }
        // 5. The alert snapshot of every scope of the affected products, after the changes.
        foreach (var command in AlertEvaluator.SnapshotCommands(tenantId, productIds))
        {
            batch.BatchCommands.Add(command);
        }
        if (probe is not null)
        {
            batch.BatchCommands.Add(probe);
        }

        bool? probed = null;
        var products = new Dictionary<Guid, string>();
        var warehouses = new Dictionary<Guid, (bool Active, string Code)>();
        List<StockLevelAfter> levels;
        StockChange? guarded;
        List<ScopeSnapshot> scopes;
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            for (var i = 0; i < preludeResults; i++)
            {
                await reader.NextResultAsync(ct);
            }
            while (await reader.ReadAsync(ct))
            {
                products[reader.GetGuid(reader.GetOrdinal("id"))] = reader.GetString(reader.GetOrdinal("sku"));
            }
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                warehouses[reader.GetGuid(reader.GetOrdinal("id"))] = (reader.GetBoolean(reader.GetOrdinal("is_active")), reader.GetString(reader.GetOrdinal("code")));
            }
            await reader.NextResultAsync(ct);
            await reader.NextResultAsync(ct);
            (levels, guarded) = await ReadChangesAsync(reader, changes, ct);
            scopes = await AlertEvaluator.ReadSnapshotAsync(reader, ct);
            if (probe is not null)
            {
                await reader.NextResultAsync(ct);
                probed = await reader.ReadAsync(ct) && reader.GetBoolean(0);
            }
        }

        if ((Renamed(names, products, warehouses) ?? Refusal(changes, products, warehouses)) is { } refusal)
        {
            return new LedgerOutcome(StockResult.Refused(refusal), []);
        }
        if (guarded is not null && (guarded.Guard == StockGuard.None || guarded.OnHandDelta > 0 || guarded.CountedOnHand is not null))
        {
            // Only the stock bound refuses a change that adds stock or has no guard of its own.
            return new LedgerOutcome(StockResult.Refused(new StockRefusal(StockRefusalReason.StockLimitReached, guarded.ProductId, guarded.WarehouseId,
                guarded.CountedOnHand ?? Math.Max(guarded.OnHandDelta, guarded.ReservedDelta), StockLimits.MaxStock)), []);
        }
        if (guarded is not null)
        {
            var (onHand, available) = await StockAsync(tenantId, guarded.ProductId, guarded.WarehouseId, ct);
            return new LedgerOutcome(StockResult.Refused(guarded.Guard == StockGuard.KeepOnHand
                ? new StockRefusal(StockRefusalReason.InsufficientOnHand, guarded.ProductId, guarded.WarehouseId, -guarded.OnHandDelta, onHand)
                : new StockRefusal(StockRefusalReason.InsufficientStock, guarded.ProductId, guarded.WarehouseId,
                    -guarded.OnHandDelta + guarded.ReservedDelta, available)), []);
        }

        // 6. Units available where orders wait on backorder go to them, oldest first, in this same transaction.
        var candidates = levels
            .GroupBy(l => (l.ProductId, l.WarehouseId))
            .Select(g => g.Last())
            .Where(l => l.Backordered > 0 && l.Available > 0)
            .Select(l => new BackorderCandidate(l.ProductId, l.WarehouseId, l.Available))
            .ToList();
        if (candidates.Count > 0 && await backorders.AllocateAsync(candidates, now, ct) is { Count: > 0 } fills)
        {
            await using var fill = new NpgsqlBatch(connection);
            foreach (var change in fills)
            {
                fill.BatchCommands.Add(ChangeCommand(tenantId, change, now));
            }
            foreach (var command in AlertEvaluator.SnapshotCommands(tenantId, productIds))
            {
                fill.BatchCommands.Add(command);
            }
            await using var reader = await fill.ExecuteReaderAsync(ct);
            var (filled, _) = await ReadChangesAsync(reader, fills, ct);
            levels.AddRange(filled);
            scopes = await AlertEvaluator.ReadSnapshotAsync(reader, ct);
        }
        return new LedgerOutcome(new StockResult(WithThresholds(levels, scopes), null), scopes, probed);
    }

    /// <summary>The rows with their own warehouse threshold, from the scopes read after the changes (a warehouse scope
    /// without a threshold or an open alert is not read: its threshold is none).</summary>
    private static List<StockLevelAfter> WithThresholds(List<StockLevelAfter> levels, IReadOnlyList<ScopeSnapshot> scopes)
    {
        var thresholds = scopes.Where(s => s.WarehouseId is not null).ToDictionary(s => (s.ProductId, s.WarehouseId!.Value), s => s.State.Threshold);
        return levels.ConvertAll(l => l with { Threshold = thresholds.GetValueOrDefault((l.ProductId, l.WarehouseId)) });
    }

    private NpgsqlBatchCommand ChangeCommand(Guid tenantId, StockChange change, DateTimeOffset now) => Sql.Command(
        ChangeStatement(change),
        tenantId, change.ProductId, change.WarehouseId, change.CountedOnHand ?? change.OnHandDelta, change.ReservedDelta,
        change.Type.ToString(), Sql.Text(change.Reason), Sql.Text(change.Note), Sql.Uuid(change.Reference), now, Sql.Uuid(tenant.UserId),
        change.BackorderedDelta, (long)StockLimits.MaxStock, (long)StockLimits.MaxProductStock, Sql.Uuid(tenant.ApiKeyId));

    /// <summary>One row per change (nothing when its guard refused it), the reader left after the last one.</summary>
    private static async Task<(List<StockLevelAfter> Levels, StockChange? Guarded)> ReadChangesAsync(
        NpgsqlDataReader reader, IReadOnlyList<StockChange> changes, CancellationToken ct)
    {
        var levels = new List<StockLevelAfter>(changes.Count);
        StockChange? guarded = null;
        foreach (var change in changes)
        {
            if (await reader.ReadAsync(ct))
            {
                levels.Add(new StockLevelAfter(change.ProductId, change.WarehouseId,
                    reader.GetInt32(reader.GetOrdinal("on_hand_after")), reader.GetInt32(reader.GetOrdinal("reserved_after")),
                    reader.GetInt32(reader.GetOrdinal("reserved_delta")), reader.GetInt32(reader.GetOrdinal("backordered_after"))));
            }
            else
            {
                guarded ??= change;
            }
            await reader.NextResultAsync(ct);
        }
        return (levels, guarded);
    }

    /// <summary>
    /// A few texts rather than one with switches in it: each keeps a single prepared plan (a parameter deciding
    /// whether the guard applies made PostgreSQL plan the statement anew at each execution).
    /// </summary>
    private static string ChangeStatement(StockChange change)
    {
        var onHand = change.CountedOnHand is null ? "s.on_hand + $4" : "$4";
        // An up-to reservation takes what is available (never below zero) and backorders the rest.
        const string upTo = "LEAST($5, GREATEST(s.available, 0))";
        var (reserved, backordered) = change.ReserveUpTo
            ? ($"s.reserved + {upTo}", $"s.backordered + $5 - {upTo} + $12")
            : ("s.reserved + $5", "s.backordered + $12");
        var guard = change.Guard switch
        {
            StockGuard.KeepAvailable => $"AND ({onHand}) - ({reserved}) >= 0",
            StockGuard.KeepOnHand => $"AND ({onHand}) >= 0",
            _ => "",
        };
        // The stock bounds ($13 a warehouse, $14 the product), in bigint so the check itself cannot overflow: on hand, reserved and
        // backordered in this warehouse (auto-backorder orders add to backordered without reserving: unbounded, it overflowed into
        // "integer out of range"), and the product's total across warehouses.
        var onHandWide = change.CountedOnHand is null ? "s.on_hand::bigint + $4" : "$4::bigint";
        var backorderedWide = change.ReserveUpTo ? $"s.backordered::bigint + $5 - {upTo} + $12" : "s.backordered::bigint + $12";
        guard += $" AND {onHandWide} <= $13 AND s.reserved::bigint + $5 <= $13 AND {backorderedWide} <= $13"
            + $" AND (SELECT sum(t.on_hand) FROM stock_levels t WHERE t.tenant_id = $1 AND t.product_id = $2) - s.on_hand + {onHandWide} <= $14";
        return $"""
            WITH old AS (
                SELECT on_hand, reserved, backordered FROM stock_levels
                WHERE tenant_id = $1 AND product_id = $2 AND warehouse_id = $3),
            upd AS (
                UPDATE stock_levels s SET on_hand = {onHand}, reserved = {reserved}, backordered = {backordered}, updated_at = $10,
                    stocked = s.stocked OR ({onHand}) > 0
                WHERE s.tenant_id = $1 AND s.product_id = $2 AND s.warehouse_id = $3 {guard}
                RETURNING s.on_hand, s.reserved, s.backordered)
            INSERT INTO stock_movements (tenant_id, product_id, warehouse_id, type, on_hand_delta, reserved_delta,
                on_hand_after, reserved_after, backordered_delta, backordered_after, reason, note, reference, user_id, api_key_id, created_at)
            SELECT $1, $2, $3, $6, upd.on_hand - old.on_hand, upd.reserved - old.reserved,
                upd.on_hand, upd.reserved, upd.backordered - old.backordered, upd.backordered, $7, $8, $9, $11, $15, $10
            FROM upd, old
            RETURNING on_hand_after, reserved_after, reserved_delta, backordered_after
            """;
    }

    /// <summary>
    /// The names the changes were addressed by no longer name the rows as locked: the SKU or a code changed since the
    /// node remembered them (compared exactly as then read), or the row is gone (then the name may belong to another
    /// row now: "unknown" would be wrong too). Checked before anything else, so the caller asks anew.
    /// </summary>
    private static StockRefusal? Renamed(
        StockTargetNames? names, Dictionary<Guid, string> products, Dictionary<Guid, (bool Active, string Code)> warehouses)
    {
        if (names is null)
        {
            return null;
        }
        var stale = !products.TryGetValue(names.ProductId, out var sku) || !string.Equals(sku, names.Sku, StringComparison.Ordinal)
            || names.WarehouseCodes.Any(w => !warehouses.TryGetValue(w.Key, out var row) || !string.Equals(row.Code, w.Value, StringComparison.Ordinal));
        return stale ? new StockRefusal(StockRefusalReason.Renamed, names.ProductId, names.WarehouseCodes.Keys.FirstOrDefault()) : null;
    }

    private static StockRefusal? Refusal(
        IReadOnlyList<StockChange> changes, Dictionary<Guid, string> products, Dictionary<Guid, (bool Active, string Code)> warehouses)
    {
        foreach (var change in changes)
        {
            if (!products.ContainsKey(change.ProductId))
            {
                return new StockRefusal(StockRefusalReason.UnknownProduct, change.ProductId, change.WarehouseId);
            }
            if (!warehouses.TryGetValue(change.WarehouseId, out var warehouse))
            {
                return new StockRefusal(StockRefusalReason.UnknownWarehouse, change.ProductId, change.WarehouseId);
            }
            if (!warehouse.Active && change.Adds)
            {
                return new StockRefusal(StockRefusalReason.InactiveWarehouse, change.ProductId, change.WarehouseId);
            }
        }
        return null;
    }

    /// <summary>On hand and available at this point of the transaction (after the batch's earlier changes), for the refusal.</summary>
    private async Task<(int OnHand, int Available)> StockAsync(Guid tenantId, Guid productId, Guid warehouseId, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
        batch.BatchCommands.Add(Sql.Command(
            "SELECT on_hand, available FROM stock_levels WHERE tenant_id = $1 AND product_id = $2 AND warehouse_id = $3",
            tenantId, productId, warehouseId));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt32(reader.GetOrdinal("on_hand")), reader.GetInt32(reader.GetOrdinal("available"))) : (0, 0);
    }
}
