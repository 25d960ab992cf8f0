using CodRocket.Stock.Testing;
using Npgsql;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>
/// GET /api/v1/orders pages a store's orders by last change (updatedSince, then the cursor): with thousands of orders the
/// planner reads them through orders(tenant_id, updated_at, number), not by scanning and sorting the store's every order.
/// </summary>
public class OrderSyncIndexTests(StockApp app)
{
    private const string Index = "ix_orders_tenant_id_updated_at_number";

    [Theory]
    [InlineData("o.updated_at >= $2")] // ?updatedSince=
    [InlineData("o.updated_at >= $2 AND (o.updated_at > $2 OR (o.updated_at = $2 AND o.number > 4900))")] // the next page's cursor
    [InlineData("true")] // a first full sync
    public async Task The_order_sync_query_reads_the_last_change_index(string condition)
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync(ct);
        // In a transaction rolled back at the end: 5,000 orders over 50 days, analysed (ANALYZE counts its own
        // transaction's rows), seen by nobody else.
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var seed = new NpgsqlCommand(
            """
            INSERT INTO orders (tenant_id, id, warehouse_id, customer_name, customer_phone, city, status, is_backordered,
                                created_at, updated_at, sales_day, number)
            SELECT $1, gen_random_uuid(), $2, 'Customer', '+212600000000', 'Rabat', 'New', false,
                   now() - interval '50 days' + n * interval '864 seconds', now() - interval '50 days' + n * interval '864 seconds',
                   current_date, n
            FROM generate_series(1, 5000) AS n
            """, connection, transaction))
        {
            seed.Parameters.Add(new NpgsqlParameter { Value = store.TenantId });
            seed.Parameters.Add(new NpgsqlParameter { Value = warehouse });
            await seed.ExecuteNonQueryAsync(ct);
        }
        await using (var analyze = new NpgsqlCommand("ANALYZE orders", connection, transaction))
        {
            await analyze.ExecuteNonQueryAsync(ct);
        }

        // The shape OrderListEndpoint asks EF for: the store, the condition, oldest change first, one more than a page.
        await using var explain = new NpgsqlCommand(
            $"""
            EXPLAIN SELECT o.id, o.number, o.status, o.updated_at FROM orders AS o
            WHERE o.tenant_id = $1 AND {condition}
            ORDER BY o.updated_at, o.number
            LIMIT 26
            """, connection, transaction);
        explain.Parameters.Add(new NpgsqlParameter { Value = store.TenantId });
        if (condition.Contains("$2", StringComparison.Ordinal))
        {
            explain.Parameters.Add(new NpgsqlParameter { Value = DateTimeOffset.UtcNow.AddDays(-1) });
        }
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                plan.Add(reader.GetString(0));
            }
        }
        await transaction.RollbackAsync(ct);

        // The index, not a scan of the table. Whether the planner then walks it in page order or sorts the few rows of
        // a range depends on statistics other tests' orders share (ANALYZE is the whole table's): both are fine.
        string.Join("\n", plan).Should().Contain(Index).And.NotContain("Seq Scan");
    }
}
