using Npgsql;

namespace CodRocket.Stock.Testing;

/// <summary>
/// Big stores for bulk tests and the bench, written straight in SQL (set-based, seconds for 100,000 products).
/// Deterministic: the same count gives the same products, stock and thresholds in any store, so
/// two stores can be compared after different paths. Stock rows come with their receipt movements (I1 holds).
/// </summary>
public static class BulkSeeding
{
    /// <summary>
    /// Products SKU = prefix + 6 digits. Product i: Low Stock Alert null (every 3rd), 5 or 15; stock (i × 7) mod 23
    /// in the first warehouse and (i × 11) mod 17 in the second (none when i is a multiple of 5); a threshold of 4
    /// in the second warehouse for every 4th product.
    /// </summary>
    public static async Task SeedProductsAsync(string connectionString, Guid tenantId, int count, Guid[] warehouses, string prefix = "BLK-")
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        string[] statements =
        [
            """
            INSERT INTO products (tenant_id, id, sku, name, is_archived, low_stock_threshold, sms_alerts, seasonal_factor, created_at, updated_at)
            SELECT $1, gen_random_uuid(), $3 || lpad(i::text, 6, '0'), 'Bulk product ' || i, false,
                   CASE i % 3 WHEN 0 THEN NULL WHEN 1 THEN 5 ELSE 15 END, i % 10 = 0, 1, now(), now()
            FROM generate_series(1, $2) i
            """,
            """
            INSERT INTO stock_levels (tenant_id, product_id, warehouse_id, on_hand, reserved, low_stock_threshold, updated_at, stocked)
            SELECT $1, p.id, $4[1], (n * 7) % 23, 0, NULL, now(), (n * 7) % 23 > 0
            FROM products p CROSS JOIN LATERAL (SELECT substr(p.sku, length($3) + 1)::int AS n) x
            WHERE p.tenant_id = $1 AND p.sku COLLATE "default" LIKE $3 || '%'
            """,
            """
            INSERT INTO stock_levels (tenant_id, product_id, warehouse_id, on_hand, reserved, low_stock_threshold, updated_at, stocked)
            SELECT $1, p.id, $4[2], (n * 11) % 17, 0, CASE WHEN n % 4 = 0 THEN 4 END, now(), (n * 11) % 17 > 0
            FROM products p CROSS JOIN LATERAL (SELECT substr(p.sku, length($3) + 1)::int AS n) x
            WHERE p.tenant_id = $1 AND p.sku COLLATE "default" LIKE $3 || '%' AND n % 5 <> 0 AND array_length($4, 1) > 1
            """,
            """
            INSERT INTO stock_movements (tenant_id, product_id, warehouse_id, type, on_hand_delta, reserved_delta, on_hand_after, reserved_after, created_at)
            SELECT s.tenant_id, s.product_id, s.warehouse_id, 'Receipt', s.on_hand, 0, s.on_hand, 0, now()
            FROM stock_levels s JOIN products p ON p.tenant_id = s.tenant_id AND p.id = s.product_id
            WHERE s.tenant_id = $1 AND p.sku COLLATE "default" LIKE $3 || '%'
            """,
        ];
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
            command.Parameters.Add(new() { Value = tenantId });
            command.Parameters.Add(new() { Value = count });
            command.Parameters.Add(new() { Value = prefix });
            command.Parameters.Add(new() { Value = warehouses });
            await command.ExecuteNonQueryAsync();
            // Fresh statistics after each step: with the tables' old ones (a few rows) the next join ran as a
            // nested loop over thousands of rows, minutes instead of a second.
            await AnalyzeAsync(connection);
        }
    }

    /// <summary>
    /// Fresh statistics for the tables bulk tests read. stock_movements too: with its statistics from before the seeded
    /// receipts, the ledger check (I1) of a 10,000-product store read the table once per stock row, 193 s instead of
    /// under one, depending on whether autovacuum had analyzed it in time.
    /// </summary>
    public static async Task AnalyzeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await AnalyzeAsync(connection);
    }

    private static async Task AnalyzeAsync(NpgsqlConnection connection)
    {
        await using var analyze = new NpgsqlCommand("ANALYZE products; ANALYZE stock_levels; ANALYZE stock_alerts; ANALYZE stock_movements;", connection);
        await analyze.ExecuteNonQueryAsync();
    }
}
