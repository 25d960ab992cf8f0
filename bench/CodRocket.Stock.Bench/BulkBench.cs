using System.Diagnostics;
using System.Globalization;
using System.Text;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Catalog.Csv;
using CodRocket.Stock.Data;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CodRocket.Stock.Bench;

/// <summary>
/// Set Low Stock Alert on all products of a store of 10,000 and of 100,000 products (the bulk path: locks, audit,
/// alert re-evaluation of every scope, notifications), and a 50,000-row CSV import (check + apply). Targets (issue 20):
/// 10,000 products under 300 ms, 100,000 under 3 s, the import's apply under 3 s. Each timed run is followed by its
/// baseline, "one UPDATE": the same threshold change as a single plain UPDATE of the same products (rolled back), so
/// the printed ratio (bulk ÷ one UPDATE) compares like with like on a noisy machine.
/// </summary>
internal static class BulkBench
{
    public static async Task RunAsync(string[] args)
    {
        var runs = Stats.Option(args, "--runs", 3);
        await using var app = await BenchApp.StartAsync();
        var small = await BulkAsync(app, 10_000, runs);
        var large = await BulkAsync(app, 100_000, runs);
        var import = await ImportAsync(app, 50_000);

        Console.WriteLine();
        Console.WriteLine("bulk: Set Low Stock Alert on every product of a store (median of runs; thresholds alternate so each run changes all products)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  10,000 products:  {small.Ms,8:N0} ms  ({small.Opened:N0} alerts opened/resolved in the last run); one UPDATE {small.UpdateMs:N0} ms, ratio {small.Ms / small.UpdateMs:F1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  100,000 products: {large.Ms,8:N0} ms  ({large.Opened:N0} alerts opened/resolved in the last run); one UPDATE {large.UpdateMs:N0} ms, ratio {large.Ms / large.UpdateMs:F1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio 100k/10k:   {large.Ms / small.Ms,8:F1}     (10 = linear)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CSV import of {import.Rows:N0} rows: check {import.CheckMs:N0} ms, apply {import.ApplyMs:N0} ms ({import.Bytes / 1024.0 / 1024:F1} MB)"));
    }

    private static async Task<(double Ms, int Opened, double UpdateMs)> BulkAsync(BenchApp app, int products, int runs)
    {
        var store = await app.CreateStoreAsync($"Store of {products}");
        Guid[] warehouses = [await app.AddWarehouseAsync(store.TenantId, "CAS"), await app.AddWarehouseAsync(store.TenantId, "RBT")];
        await BulkSeeding.SeedProductsAsync(app.ConnectionString, store.TenantId, products, warehouses);
        var ids = await app.InDbAsync(store.TenantId, db => db.Products.Select(p => p.Id).ToListAsync());
        await app.ChangeInWorkAsync(store.TenantId, ids, _ => Task.CompletedTask);
        await LedgerBench.AnalyzeAsync(app.ConnectionString);

        var times = new List<double>();
        var updates = new List<double>();
        var opened = 0;
        // Alternating 10 and 2: every run changes every product, opens alerts (10) or resolves them (2).
        for (var run = 0; run < runs + 1; run++)
        {
            var action = BulkAction.SetThreshold(run % 2 == 0 ? 10 : 2, null);
            var started = Stopwatch.GetTimestamp();
            var result = await app.InStoreAsync(store.TenantId, async services =>
            {
                var db = services.GetRequiredService<StockDbContext>();
                var tenant = await db.CurrentTenantAsync(CancellationToken.None);
                return await services.GetRequiredService<BulkProductChange>()
                    .ApplyAsync(new ProductFilter().Apply(db, tenant.DefaultLowStockThreshold), action, CancellationToken.None);
            });
            var ms = Stats.Ms(Stopwatch.GetTimestamp() - started);
            if (result.Changed != products)
            {
                throw new InvalidOperationException($"Expected {products} changes, got {result.Changed}.");
            }
            var update = await OneUpdateAsync(app.ConnectionString, store.TenantId, run % 2 == 0 ? 2 : 10, products);
            if (run > 0)
            {
                // The first run warms up the JIT and the plans.
                times.Add(ms);
                updates.Add(update);
            }
            opened = result.Alerts.Opened + result.Alerts.Resolved;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {products:N0} products, run {run}: {ms:N0} ms, {result.Alerts.Opened:N0} opened, {result.Alerts.Resolved:N0} resolved"));
        }
        times.Sort();
        updates.Sort();
        return (Stats.Percentile(times, 50), opened, Stats.Percentile(updates, 50));
    }

    /// <summary>The baseline: the same change of every product's threshold as one plain UPDATE, rolled back.</summary>
    private static async Task<double> OneUpdateAsync(string connectionString, Guid tenantId, int threshold, int products)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(
            "UPDATE products SET low_stock_threshold = $2, updated_at = now() WHERE tenant_id = $1 AND low_stock_threshold IS DISTINCT FROM $2",
            connection, transaction);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = threshold });
        var started = Stopwatch.GetTimestamp();
        var changed = await command.ExecuteNonQueryAsync();
        var ms = Stats.Ms(Stopwatch.GetTimestamp() - started);
        await transaction.RollbackAsync();
        return changed == products ? ms : throw new InvalidOperationException($"The baseline UPDATE changed {changed} products, not {products}.");
    }

    private static async Task<(int Rows, int Bytes, double CheckMs, double ApplyMs)> ImportAsync(BenchApp app, int rows)
    {
        var store = await app.CreateStoreAsync($"Import of {rows}");
        Guid[] warehouses = [await app.AddWarehouseAsync(store.TenantId, "CAS"), await app.AddWarehouseAsync(store.TenantId, "RBT")];
        await BulkSeeding.SeedProductsAsync(app.ConnectionString, store.TenantId, rows, warehouses);
        await LedgerBench.AnalyzeAsync(app.ConnectionString);
        var csv = new StringBuilder("sku,low_stock_alert,sms_alerts,out_of_stock_policy,threshold:CAS,threshold:RBT\n");
        for (var i = 1; i <= rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"BLK-{i:D6},{8 + i % 5},{(i % 7 == 0 ? "yes" : "no")},{(i % 2 == 0 ? "block" : "")},{i % 6},\n");
        }
        var content = Encoding.UTF8.GetBytes(csv.ToString());

        var started = Stopwatch.GetTimestamp();
        var check = await app.InStoreAsync(store.TenantId, services =>
            services.GetRequiredService<ProductImport>().CheckAsync(content, CancellationToken.None));
        var checkMs = Stats.Ms(Stopwatch.GetTimestamp() - started);
        started = Stopwatch.GetTimestamp();
        var result = await app.InStoreAsync(store.TenantId, services =>
            services.GetRequiredService<ProductImport>().ApplyAsync(content, "bench.csv", CancellationToken.None));
        var applyMs = Stats.Ms(Stopwatch.GetTimestamp() - started);
        if (!check.IsValid || !result.Applied)
        {
            throw new InvalidOperationException($"The bench file did not import: {string.Join("; ", result.Check.File.Problems.Take(5))}");
        }
        return (rows, content.Length, checkMs, applyMs);
    }
}
