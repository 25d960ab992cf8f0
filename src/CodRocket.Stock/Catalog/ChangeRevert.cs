using CodRocket.Stock.Alerts;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodRocket.Stock.Catalog;

/// <summary>What "Revert this change" did, or why it did nothing.</summary>
public abstract record RevertResult
{
    /// <summary>No such change in this store (another store's id looks exactly like this).</summary>
    public sealed record NotFound : RevertResult;

    /// <summary>The change is itself a revert: a revert is not put back in turn (the original change was reverted once, for good).</summary>
    public sealed record IsARevert : RevertResult;

    /// <summary>Reverted already (by <paramref name="RevertId"/>, when known): a change is put back once.</summary>
    public sealed record AlreadyReverted(Guid? RevertId) : RevertResult;

    /// <param name="Products">Products put back to their values from before the change.</param>
    /// <param name="SkippedChanged">Products left alone: a setting the change made was changed again since.</param>
    /// <param name="SkippedArchived">Products left alone: archived.</param>
    public sealed record Reverted(Guid RevertId, int Products, int SkippedChanged, int SkippedArchived, AlertOutcome Alerts) : RevertResult;
}

/// <summary>
/// "Revert this change": puts every product of a bulk action or an import back to the values its history rows hold
/// from before it, in one <see cref="StockWork"/> (locked, audited as a <see cref="ChangeSource.Revert"/> batch whose
/// rows say which change they put back, every product's alerts evaluated), as a fixed number of statements whatever
/// the number of products.
/// </summary>
/// <remarks>
/// What it leaves alone, and why:
/// <list type="bullet">
/// <item>A product whose setting made by the change was changed again since (a later history row for the same setting
/// and scope, or a value that is no longer the one the change set): putting it back would overwrite someone's later
/// decision. A later bulk action or import that was reverted in turn does not count (undo the last, then the one
/// before). The whole product is skipped, counted and listed on the change's page, so the merchant decides by hand.</item>
/// <item>An archived product (it no longer alerts; restoring it is a decision of its own).</item>
/// <item>What an import did besides settings: the products it created, and its stock counts (a count records what was
/// on the shelf; correcting it is another count).</item>
/// </list>
/// A change is reverted at most once (a unique index on <see cref="SettingChangeBatch.RevertsId"/>, checked under the
/// products' locks so that a second press waits for the first and is then refused), and a revert is not reverted.
/// </remarks>
public sealed class ChangeRevert(StockDbContext db, StockWorkFactory stockWork, ITenantContext tenant, TimeProvider clock)
{
    public async Task<RevertResult> RevertAsync(Guid changeId, CancellationToken ct)
    {
        var change = await db.SettingChangeBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == changeId, ct);
        if (change is null)
        {
            return new RevertResult.NotFound();
        }
        if (change.IsRevert)
        {
            return new RevertResult.IsARevert();
        }
        if (await RevertOfAsync(changeId, ct) is { } earlier)
        {
            return new RevertResult.AlreadyReverted(earlier);
        }
        var ids = await db.SettingChanges.Where(c => c.BatchId == changeId).Select(c => c.ProductId).Distinct().ToArrayAsync(ct);
        var tenantId = tenant.RequireTenant();
        var now = clock.GetUtcNow();
        var revertId = Guid.CreateVersion7(now);

        await using var work = await stockWork.BeginAsync(ids, ct);
        // Under the locks: a revert pressed at the same moment has committed by now, and is seen.
        if (await RevertOfAsync(changeId, ct) is { } concurrent)
        {
            return new RevertResult.AlreadyReverted(concurrent);
        }
        await work.AuditSettingsAsync(new ChangeOrigin(ChangeSource.Revert, BatchId: revertId), ct);
        await work.ExecuteAsync(PlanCommands(tenantId, changeId, ids.Length), ct);
        var (products, changed, archived) = await work.ReadAsync(Sql.Command(
            """
            SELECT count(DISTINCT product_id) FILTER (WHERE skip IS NULL)::int AS reverting,
                   count(DISTINCT product_id) FILTER (WHERE skip = 'changed')::int AS changed,
                   count(DISTINCT product_id) FILTER (WHERE skip = 'archived')::int AS archived
            FROM revert_plan
            """), async reader =>
            {
                await reader.ReadAsync(ct);
                return (reader.GetInt32(reader.GetOrdinal("reverting")), reader.GetInt32(reader.GetOrdinal("changed")),
                    reader.GetInt32(reader.GetOrdinal("archived")));
            }, ct);
        var revert = new SettingChangeBatch(revertId, ChangeSource.Revert, null, tenant.UserId, now, revertsId: changeId);
        revert.Skipped(changed, archived);
        try
        {
            await work.ExecuteAsync([SettingsAudit.BatchCommand(tenantId, revert), .. ApplyCommands(tenantId, now)], ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // A change whose products are all gone takes no locks: two presses may meet here instead.
            return new RevertResult.AlreadyReverted(null);
        }
        var alerts = await work.CommitAsync(ct);
        return new RevertResult.Reverted(revertId, products, changed, archived, alerts);
    }

    private Task<Guid?> RevertOfAsync(Guid changeId, CancellationToken ct) =>
        db.SettingChangeBatches.Where(b => b.RevertsId == changeId).Select(b => (Guid?)b.Id).FirstOrDefaultAsync(ct);

    /// <summary>The product-wide settings, as <see cref="SettingsAudit"/> writes them: column, SQL type.</summary>
    private static readonly (SettingField Field, string Column, string Type)[] ProductFields =
    [
        (SettingField.LowStockThreshold, "low_stock_threshold", "int"),
        (SettingField.SmsAlerts, "sms_alerts", "boolean"),
        (SettingField.OutOfStockPolicy, "out_of_stock_policy", "text"),
        (SettingField.LeadTimeDays, "lead_time_days", "int"),
        (SettingField.SafetyStock, "safety_stock", "int"),
        (SettingField.SeasonalFactor, "seasonal_factor", "numeric"),
    ];

    /// <summary>
    /// The change's rows, each with its product's verdict: null (put back), 'archived', or 'changed' (one of the
    /// product's settings in the change has a later history row — other than those of a later change that was reverted,
    /// and of its revert, which cancel out — or no longer holds the value the change set; compared as the audit writes
    /// values). In a temporary table dropped at commit, analysed (see <see cref="SettingsAudit"/>).
    /// </summary>
    private static IEnumerable<NpgsqlBatchCommand> PlanCommands(Guid tenantId, Guid changeId, int size)
    {
        var current = string.Join("\n                ", ProductFields.Select(f =>
            $"WHEN '{f.Field}' THEN {(f.Field == SettingField.SeasonalFactor ? "trim_scale(p.seasonal_factor)" : "p." + f.Column)}::text"));
        yield return Sql.Command("DROP TABLE IF EXISTS pg_temp.revert_plan");
        yield return Sql.Command(
            $"""
            CREATE TEMP TABLE revert_plan ON COMMIT DROP AS
            WITH x AS (
                SELECT c.product_id, c.warehouse_id, c.field, c.old_value, p.is_archived,
                       EXISTS (SELECT 1 FROM setting_changes l
                               WHERE l.tenant_id = $1 AND l.product_id = c.product_id AND l.id > c.id
                                 AND l.field = c.field AND l.warehouse_id IS NOT DISTINCT FROM c.warehouse_id
                                 -- A later change that was itself reverted, and its revert, cancel out.
                                 AND NOT EXISTS (SELECT 1 FROM setting_change_batches rb
                                                 WHERE rb.tenant_id = $1 AND l.batch_id IS NOT NULL
                                                   AND ((rb.id = l.batch_id AND rb.reverts_id IS NOT NULL) OR rb.reverts_id = l.batch_id)))
                       OR CASE WHEN c.warehouse_id IS NOT NULL THEN s.low_stock_threshold::text ELSE CASE c.field
                            {current}
                          END END IS DISTINCT FROM c.new_value AS moved
                FROM setting_changes c
                JOIN products p ON p.tenant_id = $1 AND p.id = c.product_id
                LEFT JOIN stock_levels s ON s.tenant_id = $1 AND s.product_id = c.product_id AND s.warehouse_id = c.warehouse_id
                WHERE c.tenant_id = $1 AND c.batch_id = $2
            )
            SELECT product_id, warehouse_id, field, old_value,
                   CASE WHEN is_archived THEN 'archived' WHEN bool_or(moved) OVER (PARTITION BY product_id) THEN 'changed' END AS skip
            FROM x
            """,
            tenantId, changeId);
        if (size > 1)
        {
            yield return Sql.Command("ANALYZE pg_temp.revert_plan");
        }
    }

    /// <summary>
    /// The old values back: one UPDATE of the products (each column only where the change made it), one of the
    /// warehouse thresholds. A stock row the change created for a threshold stays, without it (as on the product page).
    /// </summary>
    private static IEnumerable<NpgsqlBatchCommand> ApplyCommands(Guid tenantId, DateTimeOffset now)
    {
        var sets = string.Join(",\n    ", ProductFields.Select(f =>
            $"{f.Column} = CASE WHEN r.has_{f.Column} THEN r.{f.Column} ELSE p.{f.Column} END"));
        var pivot = string.Join(",\n        ", ProductFields.Select(f =>
            $"bool_or(field = '{f.Field}') AS has_{f.Column}, (max(old_value) FILTER (WHERE field = '{f.Field}'))::{f.Type} AS {f.Column}"));
        yield return Sql.Command(
            $"""
            UPDATE products p SET
                {sets},
                updated_at = $2
            FROM (
                SELECT product_id,
                    {pivot}
                FROM revert_plan WHERE skip IS NULL AND warehouse_id IS NULL
                GROUP BY product_id
            ) r
            WHERE p.tenant_id = $1 AND p.id = r.product_id
            """,
            tenantId, now);
        yield return Sql.Command(
            """
            UPDATE stock_levels s SET low_stock_threshold = r.old_value::int, updated_at = $2
            FROM revert_plan r
            WHERE s.tenant_id = $1 AND s.product_id = r.product_id AND s.warehouse_id = r.warehouse_id
              AND r.skip IS NULL AND r.warehouse_id IS NOT NULL
            """,
            tenantId, now);
    }
}
