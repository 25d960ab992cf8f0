using System.Diagnostics;
using System.Globalization;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodRocket.Stock.Bench;

/// <summary>
/// Server time of the badge and the dashboard in a store with 100,000 products and 5,000 open alerts, and the
/// time of one set-based evaluation of all 100,000 products.
/// </summary>
internal static class DashboardBench
{
    private const int Products = 100_000;
    private const int Low = 5_000;

    public static async Task RunAsync(string[] args)
    {
        var requests = Stats.Option(args, "--requests", 40);
        await using var app = await BenchApp.StartAsync();
        var store = await app.CreateStoreAsync("Big store");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "MAIN");
        await SeedAsync(app.ConnectionString, store.TenantId, warehouse);

        var ids = await app.InDbAsync(store.TenantId, db => db.Products.Select(p => p.Id).ToListAsync());
        var started = Stopwatch.GetTimestamp();
        var outcome = await app.ChangeInWorkAsync(store.TenantId, ids, _ => Task.CompletedTask);
        var evaluation = Stats.Ms(Stopwatch.GetTimestamp() - started);
        await LedgerBench.AnalyzeAsync(app.ConnectionString);
        var open = await app.InDbAsync(store.TenantId, db => db.StockAlerts.CountAsync(a => a.ResolvedAt == null));
        if (open != Low)
        {
            throw new InvalidOperationException($"The store has {open} open alerts, not the {Low} the figure is for.");
        }

        Console.WriteLine();
        Console.WriteLine($"Dashboard: {Products:N0} products, {open:N0} open alerts ({outcome!.Opened:N0} opened by one evaluation of all products in {evaluation:N0} ms).");
        using var client = await app.SignInAsync(store);
        string[] urls = ["/", "/warehouses", "/inventory/alerts"];
        // Not measured: until the JIT has settled (five requests a page left the measured ones on unoptimized code).
        await Stats.WarmUpAsync(async () =>
        {
            foreach (var url in urls)
            {
                for (var i = 0; i < 10; i++)
                {
                    await client.GetAsync(url);
                }
            }
        });
        Console.WriteLine("page                        | p50 ms | p95 ms   (in-process server, no network; includes the badge)");
        foreach (var url in urls)
        {
            var times = new List<double>();
            for (var i = 0; i < requests; i++)
            {
                var begin = Stopwatch.GetTimestamp();
                var page = await client.GetAsync(url);
                times.Add(Stats.Ms(Stopwatch.GetTimestamp() - begin));
                if (page.Status != System.Net.HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{url} answered {page.Status}");
                }
            }
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{url,-27} | {Stats.Percentile(times, 50),6:F1} | {Stats.Percentile(times, 95),6:F1}"));
        }

        var badge = new List<double>();
        for (var i = 0; i < requests; i++)
        {
            var begin = Stopwatch.GetTimestamp();
            await app.InDbAsync(store.TenantId, db => db.StockAlerts.CountAsync(a => a.ResolvedAt == null && a.AcknowledgedAt == null
                && (a.SnoozedUntil == null || a.SnoozedUntil <= DateTimeOffset.UtcNow)));
            badge.Add(Stats.Ms(Stopwatch.GetTimestamp() - begin));
        }
        badge.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"badge query alone",-27} | {Stats.Percentile(badge, 50),6:F2} | {Stats.Percentile(badge, 95),6:F2}"));
    }

    /// <summary>Bulk rows straight in SQL (the point is the read side): every 20th product sits at 2 units under a threshold of 10.</summary>
    private static async Task SeedAsync(string connectionString, Guid tenantId, Guid warehouse)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        string[] statements =
        [
            $"""
            INSERT INTO products (tenant_id, id, sku, name, is_archived, low_stock_threshold, sms_alerts, seasonal_factor, created_at, updated_at)
            SELECT $1, gen_random_uuid(), 'BIG-' || lpad(i::text, 6, '0'), 'Big store product ' || i, false, 10, false, 1, now(), now()
            FROM generate_series(1, {Products}) i
            """,
            $"""
            INSERT INTO stock_levels (tenant_id, product_id, warehouse_id, on_hand, reserved, updated_at, stocked)
            SELECT $1, p.id, $2, CASE WHEN row_number() OVER (ORDER BY p.sku) % {Products / Low} = 0 THEN 2 ELSE 50 END, 0, now(), true
            FROM products p WHERE p.tenant_id = $1
            """,
            """
            INSERT INTO stock_movements (tenant_id, product_id, warehouse_id, type, on_hand_delta, reserved_delta, on_hand_after, reserved_after, created_at)
            SELECT tenant_id, product_id, warehouse_id, 'Receipt', on_hand, 0, on_hand, 0, now() FROM stock_levels WHERE tenant_id = $1 AND warehouse_id = $2
            """,
        ];
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(new() { Value = tenantId });
            command.Parameters.Add(new() { Value = warehouse });
            await command.ExecuteNonQueryAsync();
        }
        await LedgerBench.AnalyzeAsync(connectionString);
    }
}
