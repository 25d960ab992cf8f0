using CodRocket.Stock.Data;
using Npgsql;

namespace CodRocket.Stock.Catalog;

/// <summary>
/// Records every Stock Settings field that a unit of work really changed, in <see cref="SettingChange"/> rows: the
/// settings are copied under the products' locks before the change, and compared after it. Two statements whatever
/// the number of products.
/// </summary>
internal static class SettingsAudit
{
    /// <summary>
    /// The settings as they stand, in a temporary table dropped at commit (dropped first too, should one transaction
    /// change settings twice): one row per product (warehouse_id null) and one per stock row (its threshold only).
    /// Autovacuum never analyses a temporary table: without statistics the record statement joined it to 100,000
    /// stock rows as if it held a few rows (13 s instead of well under one), hence the ANALYZE.
    /// </summary>
    /// <param name="productWideOnly">The work changes product-wide settings only: the stock rows' thresholds are left out.</param>
    public static IEnumerable<NpgsqlBatchCommand> SnapshotCommands(Guid tenantId, Guid[] ids, bool productWideOnly = false)
    {
        yield return Sql.Command("DROP TABLE IF EXISTS pg_temp.settings_before");
        var levels = productWideOnly ? "" : $"""

            UNION ALL
            SELECT product_id, warehouse_id, low_stock_threshold, NULL, NULL, NULL, NULL, NULL
            FROM stock_levels WHERE tenant_id = $1 AND product_id {Sql.IdMatch(ids)}
            """;
        yield return Sql.Command(
            $"""
            CREATE TEMP TABLE settings_before ON COMMIT DROP AS
            SELECT id AS product_id, NULL::uuid AS warehouse_id, low_stock_threshold, sms_alerts, out_of_stock_policy,
                   lead_time_days, safety_stock, seasonal_factor
            FROM products WHERE tenant_id = $1 AND id {Sql.IdMatch(ids)}{levels}
            """,
            tenantId, Sql.IdParameter(ids));
        if (ids.Length > 1)
        {
            yield return Sql.Command("ANALYZE pg_temp.settings_before");
        }
    }

    /// <summary>One row per field whose value differs from the snapshot (a stock row created by the change counts
    /// as "not set" before). <paramref name="productWideOnly"/>: the product-wide fields only, as snapshotted.</summary>
    public static NpgsqlBatchCommand RecordCommand(Guid tenantId, Guid[] ids, ChangeOrigin origin, Guid? userId, DateTimeOffset now, bool productWideOnly = false) => Sql.Command(
        $"""
        INSERT INTO setting_changes (tenant_id, product_id, warehouse_id, field, old_value, new_value, source, user_id, api_key_id, changed_at, batch_id)
        SELECT $1, p.id, NULL, f.field, f.old_value, f.new_value, $3, $4, $5, $6, $7
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
        {(productWideOnly ? "" : LevelChanges(ids))}
        """,
        tenantId, Sql.IdParameter(ids), origin.Source.ToString(), Sql.Uuid(userId), Sql.Uuid(origin.ApiKeyId), now, Sql.Uuid(origin.BatchId));

    /// <summary>The warehouse thresholds that differ from the snapshot, for <see cref="RecordCommand"/>.</summary>
    private static string LevelChanges(Guid[] ids) =>
        $"""
        UNION ALL
        SELECT $1, s.product_id, s.warehouse_id, '{SettingField.LowStockThreshold}', b.low_stock_threshold::text,
               s.low_stock_threshold::text, $3, $4, $5, $6, $7
        FROM stock_levels s
        LEFT JOIN settings_before b ON b.product_id = s.product_id AND b.warehouse_id = s.warehouse_id
        WHERE s.tenant_id = $1 AND s.product_id {Sql.IdMatch(ids)}
          AND b.low_stock_threshold IS DISTINCT FROM s.low_stock_threshold
        """;

    /// <summary>
    /// The <see cref="SettingChangeBatch"/> of a bulk action, import or revert, sent with its first change (its audit
    /// rows, written at commit, point to it): no round trip of its own.
    /// </summary>
    public static NpgsqlBatchCommand BatchCommand(Guid tenantId, SettingChangeBatch batch) => Sql.Command(
        """
        INSERT INTO setting_change_batches (tenant_id, id, source, label, user_id, created_at, reverts_id, skipped_changed, skipped_archived)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """,
        tenantId, batch.Id, batch.Source.ToString(), Sql.Text(batch.Label), Sql.Uuid(batch.UserId), batch.CreatedAt, Sql.Uuid(batch.RevertsId),
        batch.SkippedChanged, batch.SkippedArchived);
}
