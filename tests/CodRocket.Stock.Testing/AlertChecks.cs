using Npgsql;

namespace CodRocket.Stock.Testing;

/// <summary>Invariant I3 checked straight in SQL, independent of the code under test.</summary>
public static class AlertChecks
{
    /// <summary>
    /// Every scope of the store where "an open alert exists" differs from "available ≤ threshold" (for a product
    /// that is not archived, in a scope that has had stock on hand at some point: a never-stocked scope is "not stocked
    /// yet" and does not alert), plus any scope with more than one open alert. Empty when I3 holds.
    /// </summary>
    public static async Task<List<string>> AlertMismatchesAsync(this StockApp app, Guid tenantId)
    {
        const string sql = """
            WITH product_scopes AS (
                SELECT p.id AS product_id, NULL::uuid AS warehouse_id, p.sku,
                       NOT p.is_archived AND COALESCE(p.low_stock_threshold, t.default_low_stock_threshold) IS NOT NULL
                         AND COALESCE((SELECT SUM(s.on_hand - s.reserved) FROM stock_levels s
                                       WHERE s.tenant_id = p.tenant_id AND s.product_id = p.id), 0)
                             <= COALESCE(p.low_stock_threshold, t.default_low_stock_threshold)
                         AND EXISTS (SELECT 1 FROM stock_movements m
                                     WHERE m.tenant_id = p.tenant_id AND m.product_id = p.id AND m.on_hand_after > 0) AS low
                FROM products p JOIN tenants t ON t.id = p.tenant_id
                WHERE p.tenant_id = $1),
            warehouse_scopes AS (
                SELECT s.product_id, s.warehouse_id, p.sku,
                       NOT p.is_archived AND s.low_stock_threshold IS NOT NULL
                         AND s.on_hand - s.reserved <= s.low_stock_threshold
                         AND EXISTS (SELECT 1 FROM stock_movements m
                                     WHERE m.tenant_id = s.tenant_id AND m.product_id = s.product_id
                                       AND m.warehouse_id = s.warehouse_id AND m.on_hand_after > 0) AS low
                FROM stock_levels s JOIN products p ON p.tenant_id = s.tenant_id AND p.id = s.product_id
                WHERE s.tenant_id = $1),
            scopes AS (SELECT * FROM product_scopes UNION ALL SELECT * FROM warehouse_scopes)
            SELECT sc.sku || '@' || COALESCE(sc.warehouse_id::text, 'all') || ': low=' || sc.low || ', open alerts=' || count(a.id)
            FROM scopes sc
            LEFT JOIN stock_alerts a ON a.tenant_id = $1 AND a.product_id = sc.product_id
                 AND COALESCE(a.warehouse_id, '00000000-0000-0000-0000-000000000000')
                     = COALESCE(sc.warehouse_id, '00000000-0000-0000-0000-000000000000') AND a.resolved_at IS NULL
            GROUP BY sc.sku, sc.warehouse_id, sc.low
            HAVING count(a.id) > 1 OR (count(a.id) = 1) <> sc.low
            """;
        // The join on COALESCE (not IS NOT DISTINCT FROM) lets PostgreSQL hash it: stores of 50,000 products check in seconds.
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300, Parameters = { new() { Value = tenantId } } };
        await using var reader = await command.ExecuteReaderAsync();
        var mismatches = new List<string>();
        while (await reader.ReadAsync())
        {
            mismatches.Add(reader.GetString(0));
        }
        return mismatches;
    }
}
