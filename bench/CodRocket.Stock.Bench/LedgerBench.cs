using System.Diagnostics;
using System.Globalization;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CodRocket.Stock.Bench;

/// <summary>
/// Stock changes per second through StockLedger (lock, guarded update, ledger row, alert evaluation) at 1, 4 and
/// 16 concurrent workers, against pgbench running the bare conditional UPDATE + ledger INSERT on the same server.
/// </summary>
internal static class LedgerBench
{
    private const int Products = 1000;
    private const int StartPerWarehouse = 60;

    public static async Task RunAsync(string[] args)
    {
        var seconds = Stats.Option(args, "--seconds", 8);
        await using var app = await BenchApp.StartAsync();
        var store = await app.CreateStoreAsync("Bench");
        Guid[] warehouses = [await app.AddWarehouseAsync(store.TenantId, "A"), await app.AddWarehouseAsync(store.TenantId, "B"), await app.AddWarehouseAsync(store.TenantId, "C")];
        var products = await SeedAsync(app, store.TenantId, warehouses);
        await PrepareRawAsync(app.ConnectionString);
        await AnalyzeAsync(app.ConnectionString);

        Console.WriteLine($"Stock changes: {Products:N0} products x 3 warehouses, product threshold 150 (stock starts at 180),");
        Console.WriteLine($"warehouse A threshold 40 (starts at 60); each change is +/-1..5 units on a random row; {seconds} s per run.");
        Console.WriteLine();
        // Warm-up (JIT tiers, prepared statements, connection pool), not measured.
        await Stats.WarmUpAsync(() => RunOursAsync(app, store.TenantId, products, warehouses, 8, 1));
        Console.WriteLine("workers | ours: changes/s   p50 ms   p99 ms  alert transitions | raw SQL (pgbench): tps   p50 ms   p99 ms | ours/raw");
        int[] levels = Stats.Option(args, "--workers", 0) is > 0 and var only ? [only] : [1, 4, 16];
        foreach (var workers in levels)
        {
            var cpu = MachineCpu.Now();
            var ours = await RunOursAsync(app, store.TenantId, products, warehouses, workers, seconds);
            var oursCpu = MachineCpu.Now().MsPer(cpu, ours.PerSecond * seconds);
            cpu = MachineCpu.Now();
            var raw = RunPgbench(app.ConnectionString, workers, seconds);
            var rawCpu = MachineCpu.Now().MsPer(cpu, raw.PerSecond * seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{workers,7} | {ours.PerSecond,17:N0} {ours.P50,8:F2} {ours.P99,8:F2} {ours.Transitions,18:N0} | {raw.PerSecond,24:N0} {raw.P50,8:F2} {raw.P99,8:F2} | {ours.PerSecond / raw.PerSecond,8:F2}   (client cpu {ClientCpuPerChange:F2} ms/change; machine cpu {oursCpu:F2} vs {rawCpu:F2} ms)"));
        }
        Console.WriteLine();
        Console.WriteLine($"Ledger check after the runs: {(await app.LedgerMismatchesAsync(store.TenantId)).Count} mismatching rows, " +
            $"{(await app.AlertMismatchesAsync(store.TenantId)).Count} scopes whose alert state differs from their stock.");
    }

    internal static async Task<Guid[]> SeedAsync(StockApp app, Guid tenantId, Guid[] warehouses)
    {
        var ids = await app.InStoreAsync(tenantId, async services =>
        {
            var db = services.GetRequiredService<StockDbContext>();
            var now = DateTimeOffset.UtcNow;
            var products = Enumerable.Range(0, Products).Select(i =>
            {
                var product = new Product($"B-{i:D5}", $"Bench product {i}", now);
                product.UpdateStockSettings(new ProductStockSettings(150, false, null, 3, 10, 1m), now);
                return product;
            }).ToList();
            db.Products.AddRange(products);
            foreach (var product in products)
            {
                var level = new StockLevel(product.Id, warehouses[0]);
                level.SetLowStockThreshold(40, now);
                db.StockLevels.Add(level);
            }
            await db.SaveChangesAsync();
            return products.Select(p => p.Id).ToArray();
        });
        foreach (var chunk in ids.Chunk(200))
        {
            await app.ApplyAsync(tenantId, [.. chunk.SelectMany(p => warehouses.Select(w => StockChange.Receive(p, w, StartPerWarehouse)))]);
        }
        return ids;
    }

    /// <summary>CPU of this process per change in the last run: the client side's share of the 2 cores.</summary>
    private static double ClientCpuPerChange { get; set; }

    private sealed record Run(double PerSecond, double P50, double P99, int Transitions);

    private static async Task<Run> RunOursAsync(StockApp app, Guid tenantId, Guid[] products, Guid[] warehouses, int workers, int seconds)
    {
        var latencies = new List<double>[workers];
        var transitions = 0;
        var deadline = Stopwatch.GetTimestamp() + seconds * Stopwatch.Frequency;
        var started = Stopwatch.GetTimestamp();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w * 7919 + workers);
            var mine = latencies[w] = [];
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var product = products[random.Next(products.Length)];
                var warehouse = warehouses[random.Next(warehouses.Length)];
                var quantity = random.Next(1, 6);
                var change = random.Next(2) == 0
                    ? StockChange.Receive(product, warehouse, quantity)
                    : StockChange.WriteOff(product, warehouse, quantity, AdjustmentReason.Damaged);
                var begin = Stopwatch.GetTimestamp();
                var result = await app.InStoreAsync(tenantId, services =>
                    services.GetRequiredService<StockWorkFactory>().ApplyAsync([change], CancellationToken.None));
                mine.Add(Stats.Ms(Stopwatch.GetTimestamp() - begin));
                if (result.Alerts is { } alerts)
                {
                    Interlocked.Add(ref transitions, alerts.Opened + alerts.Escalated + alerts.Resolved);
                }
            }
        })));
        var elapsed = Stats.Ms(Stopwatch.GetTimestamp() - started) / 1000;
        var all = latencies.SelectMany(l => l).Order().ToList();
        ClientCpuPerChange = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / all.Count;
        return new Run(all.Count / elapsed, Stats.Percentile(all, 50), Stats.Percentile(all, 99), transitions);
    }

    private static async Task PrepareRawAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"""
            CREATE TABLE raw_stock (product int, warehouse int, on_hand int NOT NULL, PRIMARY KEY (product, warehouse));
            CREATE TABLE raw_ledger (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, product int, warehouse int,
                                     delta int, on_hand_after int, created_at timestamptz);
            INSERT INTO raw_stock SELECT p, w, {StartPerWarehouse} FROM generate_series(1, {Products}) p, generate_series(1, 3) w;
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Fresh statistics and visibility map, as autovacuum would give a store that grew over time.</summary>
    internal static async Task AnalyzeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("VACUUM ANALYZE", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static Run RunPgbench(string connectionString, int clients, int seconds)
    {
        var raw = Pgbench.Run(connectionString, $"""
            \set p random(1, {Products})
            \set w random(1, 3)
            \set d random(-5, 5)
            BEGIN;
            UPDATE raw_stock SET on_hand = on_hand + :d WHERE product = :p AND warehouse = :w AND on_hand + :d >= 0;
            INSERT INTO raw_ledger (product, warehouse, delta, on_hand_after, created_at) VALUES (:p, :w, :d, 0, now());
            END;
            """, clients, seconds);
        return new Run(raw.PerSecond, raw.P50, raw.P99, 0);
    }
}
