using System.Globalization;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CodRocket.Stock.Bench;

/// <summary>
/// COD order placement per second through OrderService (validation, policy, guarded reservation in the ledger, order,
/// lines, history, alert evaluation) at 16 workers, on 1,000 products and on one hot product (a flash sale), against
/// pgbench running the same guarded UPDATE plus the order, line and ledger INSERTs in the same run.
/// </summary>
internal static class OrdersBench
{
    private const int Products = 1000;
    private const int Workers = 16;
    private const int Stock = 1_000_000;

    public static async Task RunAsync(string[] args)
    {
        var seconds = Stats.Option(args, "--seconds", 8);
        var workers = Stats.Option(args, "--workers", Workers);
        await using var app = await BenchApp.StartAsync();
        var store = await app.CreateStoreAsync("Bench");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var skus = await SeedAsync(app, store.TenantId, warehouse);
        await PrepareRawAsync(app.ConnectionString);
        await LedgerBench.AnalyzeAsync(app.ConnectionString);

        Console.WriteLine($"One-line COD orders of 1-3 units, policy Block, {Products:N0} products with ample stock (threshold 20),");
        Console.WriteLine($"{workers} workers, {seconds} s per run. Raw SQL: guarded UPDATE of reserved + order, line and ledger INSERTs.");
        Console.WriteLine();
        await Stats.WarmUpAsync(() => RunOursAsync(app, store.TenantId, warehouse, skus, 4, 1)); // not measured
        Console.WriteLine("case             | ours: orders/s   p50 ms   p99 ms  refused | raw SQL (pgbench): tps   p50 ms   p99 ms | ours/raw");
        foreach (var (name, hot) in new[] { ("1,000 products", false), ("one hot product", true) })
        {
            var cpu = MachineCpu.Now();
            var ours = await RunOursAsync(app, store.TenantId, warehouse, hot ? [skus[0]] : skus, workers, seconds);
            var oursCpu = MachineCpu.Now().MsPer(cpu, ours.PerSecond * seconds);
            cpu = MachineCpu.Now();
            var raw = Pgbench.Run(app.ConnectionString, RawScript(hot), workers, seconds);
            var rawCpu = MachineCpu.Now().MsPer(cpu, raw.PerSecond * seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-16} | {ours.PerSecond,14:N0} {ours.P50,8:F2} {ours.P99,8:F2} {ours.Failures,8} | {raw.PerSecond,23:N0} {raw.P50,8:F2} {raw.P99,8:F2} | {ours.PerSecond / raw.PerSecond,8:F2}   (client cpu {ours.ClientCpuMs:F2} ms/order; machine cpu {oursCpu:F2} vs {rawCpu:F2} ms)"));
        }
        Console.WriteLine();
        Console.WriteLine($"Checks after the runs: {(await app.LedgerMismatchesAsync(store.TenantId)).Count} ledger mismatches, " +
            $"{(await app.AlertMismatchesAsync(store.TenantId)).Count} alert mismatches, {(await app.BackorderMismatchesAsync(store.TenantId)).Count} backorder mismatches.");
    }

    private static async Task<string[]> SeedAsync(StockApp app, Guid tenantId, Guid warehouse)
    {
        var products = await app.InStoreAsync(tenantId, async services =>
        {
            var db = services.GetRequiredService<StockDbContext>();
            var now = DateTimeOffset.UtcNow;
            var list = Enumerable.Range(0, Products).Select(i =>
            {
                var product = new Product($"O-{i:D5}", $"Order bench product {i}", now);
                product.UpdateStockSettings(new ProductStockSettings(20, false, OutOfStockPolicy.Block, 3, 10, 1m), now);
                return product;
            }).ToList();
            db.Products.AddRange(list);
            await db.SaveChangesAsync();
            return list;
        });
        foreach (var chunk in products.Chunk(250))
        {
            await app.ApplyAsync(tenantId, [.. chunk.Select(p => StockChange.Receive(p.Id, warehouse, Stock))]);
        }
        return [.. products.Select(p => p.Sku)];
    }

    private static Task<Load.Result> RunOursAsync(StockApp app, Guid tenantId, Guid warehouse, string[] skus, int workers, int seconds) =>
        Load.RunAsync(workers, seconds, skus.Length, async random =>
        {
            var draft = OrderSeeding.Draft(warehouse, (skus[random.Next(skus.Length)], random.Next(1, 4)));
            var result = await app.InStoreAsync(tenantId, services =>
                services.GetRequiredService<OrderService>().PlaceAsync(draft, false, CancellationToken.None));
            return result is PlaceOrderResult.Placed;
        });

    private static async Task PrepareRawAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"""
            CREATE TABLE raw_stock (product int, warehouse int, on_hand int NOT NULL, reserved int NOT NULL,
                                    PRIMARY KEY (product, warehouse));
            CREATE TABLE raw_orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer text, status int, created_at timestamptz);
            CREATE TABLE raw_order_lines (order_id bigint REFERENCES raw_orders, line int, product int, quantity int, reserved int,
                                          PRIMARY KEY (order_id, line));
            CREATE TABLE raw_ledger (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, product int, warehouse int,
                                     delta int, created_at timestamptz);
            INSERT INTO raw_stock SELECT p, 1, {Stock}, 0 FROM generate_series(1, {Products}) p;
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string RawScript(bool hot) => $"""
        \set p {(hot ? "1" : $"random(1, {Products})")}
        \set q random(1, 3)
        BEGIN;
        UPDATE raw_stock SET reserved = reserved + :q WHERE product = :p AND warehouse = 1 AND on_hand - reserved >= :q;
        INSERT INTO raw_orders (customer, status, created_at) VALUES ('Amina Customer', 0, now());
        INSERT INTO raw_order_lines VALUES (currval(pg_get_serial_sequence('raw_orders', 'id')), 1, :p, :q, :q);
        INSERT INTO raw_ledger (product, warehouse, delta, created_at) VALUES (:p, 1, :q, now());
        END;
        """;
}
