using CodRocket.Stock.Alerts;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodRocket.Stock.Catalog;

/// <summary>
/// The one way to change Stock Settings (thresholds, SMS flag, policy, replenishment inputs) of existing products,
/// from any path: the product page, the API, a bulk action, an import. In one transaction it locks the products
/// (through <see cref="AlertEvaluator.ChangeAndEvaluateAsync"/>), snapshots their settings, runs the change, records
/// every field that really changed in <see cref="SettingChange"/> rows, and evaluates the alerts of every scope of
/// those products. The snapshot and the comparison are two statements whatever the number of products.
/// </summary>
public sealed class ProductSettingsChange(StockDbContext db, AlertEvaluator alerts, ITenantContext tenant, TimeProvider clock)
{
    /// <param name="change">Writes the new settings (EF SaveChanges or set-based SQL) and answers false to give up.</param>
    /// <returns>The alert outcome; null when the change gave up (nothing is written).</returns>
    public Task<AlertOutcome?> ApplyAsync(
        IReadOnlyCollection<Guid> productIds, ChangeOrigin origin, Func<CancellationToken, Task<bool>> change, CancellationToken ct)
    {
        var tenantId = tenant.RequireTenant();
        var ids = productIds.Distinct().ToArray();
        return alerts.ChangeAndEvaluateAsync(ids, async token =>
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            // Dropped at commit; dropped first too, should one transaction change settings twice.
            // Autovacuum never analyses a temporary table: without statistics the audit statement joined it to
            // 100,000 stock rows as if it held a few rows (13 s instead of well under one).
            NpgsqlBatchCommand[] snapshot = ids.Length > 1
                ? [Sql.Command("DROP TABLE IF EXISTS pg_temp.settings_before"), SnapshotCommand(tenantId, ids), Sql.Command("ANALYZE pg_temp.settings_before")]
                : [Sql.Command("DROP TABLE IF EXISTS pg_temp.settings_before"), SnapshotCommand(tenantId, ids)];
            await Sql.ExecuteAsync(connection, snapshot, token);
            if (!await change(token))
            {
                return false;
            }
            await Sql.ExecuteAsync(connection, [RecordCommand(tenantId, ids, origin, tenant.UserId, clock.GetUtcNow())], token);
            return true;
        }, ct);
    }

    /// <summary>
    /// The settings as they stand, under the products' locks, in a temporary table dropped at commit: one row per
    /// product (warehouse_id null) and one per stock row (its threshold only).
    /// </summary>
    private static NpgsqlBatchCommand SnapshotCommand(Guid tenantId, Guid[] ids) => Sql.Command(
        $"""
        CREATE TEMP TABLE settings_before ON COMMIT DROP AS
        SELECT id AS product_id, NULL::uuid AS warehouse_id, low_stock_threshold, sms_alerts, out_of_stock_policy,
               lead_time_days, safety_stock, seasonal_factor
        FROM products WHERE tenant_id = $1 AND id {Sql.IdMatch(ids)}
        UNION ALL
        SELECT product_id, warehouse_id, low_stock_threshold, NULL, NULL, NULL, NULL, NULL
        FROM stock_levels WHERE tenant_id = $1 AND product_id {Sql.IdMatch(ids)}
        """,
        tenantId, Sql.IdParameter(ids));

    /// <summary>One row per field whose value differs from the snapshot (a stock row created by the change counts
    /// as "not set" before).</summary>
    private static NpgsqlBatchCommand RecordCommand(Guid tenantId, Guid[] ids, ChangeOrigin origin, Guid? userId, DateTimeOffset now) => Sql.Command(
        $"""
        INSERT INTO setting_changes (tenant_id, product_id, warehouse_id, field, old_value, new_value, source, user_id, api_key_id, changed_at)
        SELECT $1, p.id, NULL, f.field, f.old_value, f.new_value, $3, $4, $5, $6
        FROM settings_before b
        JOIN products p ON p.tenant_id = $1 AND p.id = b.product_id
        CROSS JOIN LATERAL (VALUES
            ('{SettingField.LowStockThreshold}', b.low_stock_threshold::text, p.low_stock_threshold::text),
            ('{SettingField.SmsAlerts}', b.sms_alerts::text, p.sms_alerts::text),
            ('{SettingField.OutOfStockPolicy}', b.out_of_stock_policy, p.out_of_stock_policy),
            ('{SettingField.LeadTimeDays}', b.lead_time_days::text, p.lead_time_days::text),
            ('{SettingField.SafetyStock}', b.safety_stock::text, p.safety_stock::text),
            ('{SettingField.SeasonalFactor}', trim_scale(b.seasonal_factor)::text, trim_scale(p.seasonal_factor)::text)
        ) AS f(field, old_value, new_value)
        WHERE b.warehouse_id IS NULL AND f.old_value IS DISTINCT FROM f.new_value
        UNION ALL
        SELECT $1, s.product_id, s.warehouse_id, '{SettingField.LowStockThreshold}', b.low_stock_threshold::text,
               s.low_stock_threshold::text, $3, $4, $5, $6
        FROM stock_levels s
        LEFT JOIN settings_before b ON b.product_id = s.product_id AND b.warehouse_id = s.warehouse_id
        WHERE s.tenant_id = $1 AND s.product_id {Sql.IdMatch(ids)}
          AND b.low_stock_threshold IS DISTINCT FROM s.low_stock_threshold
        """,
        tenantId, Sql.IdParameter(ids), origin.Source.ToString(), Sql.Uuid(userId), Sql.Uuid(origin.ApiKeyId), now);
}
