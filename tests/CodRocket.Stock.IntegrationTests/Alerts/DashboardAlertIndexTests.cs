using CodRocket.Stock.Testing;
using Npgsql;

namespace CodRocket.Stock.IntegrationTests.Alerts;

/// <summary>
/// The dashboard lists the eight newest alerts needing attention (newest first, then by id). A store whose alerts
/// opened in the same instant — one bulk change, one import — must not have all of them read and sorted to show
/// eight: ix_stock_alerts_needing_attention carries the tie-break, so the planner walks it and stops.
/// </summary>
public class DashboardAlertIndexTests(StockApp app)
{
    [Fact]
    public async Task The_newest_alerts_needing_attention_are_read_in_index_order_without_sorting()
    {
        var store = await app.CreateStoreAsync();
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync(ct);
        // Rolled back at the end: 3,000 products, each with an alert opened at the same instant, analysed (ANALYZE counts
        // its own transaction's rows), seen by nobody else.
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var seed = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("""
                    INSERT INTO products (tenant_id, id, sku, name, is_archived, sms_alerts, created_at, updated_at)
                    SELECT $1, gen_random_uuid(), 'IDX-' || n, 'Product ' || n, false, false, now(), now() FROM generate_series(1, 3000) AS n
                    """) { Parameters = { new() { Value = store.TenantId } } },
                new("""
                    INSERT INTO stock_alerts (tenant_id, id, product_id, level, threshold, available_at_open, opened_at)
                    SELECT $1, gen_random_uuid(), p.id, 'Low', 10, 2, '2026-11-30T08:00:00Z' FROM products AS p WHERE p.tenant_id = $1
                    """) { Parameters = { new() { Value = store.TenantId } } },
                new("ANALYZE products, stock_alerts"),
            },
        })
        {
            await seed.ExecuteNonQueryAsync(ct);
        }

        // The shape IndexModel asks EF for: the store's open alerts needing attention now, newest first, then by id.
        await using var explain = new NpgsqlCommand(
            """
            EXPLAIN SELECT s.id, s.product_id, s.opened_at FROM stock_alerts AS s
            WHERE s.tenant_id = $1 AND s.resolved_at IS NULL AND s.resolved_at IS NULL AND s.acknowledged_at IS NULL
              AND (s.snoozed_until IS NULL OR s.snoozed_until <= $2)
            ORDER BY s.opened_at DESC, s.id
            LIMIT 8
            """, connection, transaction);
        explain.Parameters.Add(new NpgsqlParameter { Value = store.TenantId });
        explain.Parameters.Add(new NpgsqlParameter { Value = DateTimeOffset.UtcNow });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                plan.Add(reader.GetString(0));
            }
        }
        await transaction.RollbackAsync(ct);

        string.Join("\n", plan).Should().Contain("ix_stock_alerts_needing_attention")
            .And.NotContain("Sort").And.NotContain("Seq Scan");
    }
}
