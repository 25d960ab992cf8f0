using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using CodRocket.Stock.Api;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.Bench;

/// <summary>
/// POST /api/v1/stock/movements over real HTTP connections (Kestrel on a local port, 32 concurrent connections, one API
/// key) against the same receipts applied in-process through StockLedger at 32 workers, and against the bare
/// baseline (<see cref="BareEndpoint"/>: the same request body, the raw SQL transaction alone, behind the same
/// Kestrel, hit by the same client), in the same run. Client and server share the machine's cores: the HTTP figures
/// pay for both. Every answer is checked: status 201 and the SKU and warehouse asked for.
/// </summary>
internal static class HttpBench
{
    private const int Connections = 32;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Failed = new();

    public static async Task RunAsync(string[] args)
    {
        var seconds = Stats.Option(args, "--seconds", 8);
        await using var app = await BenchApp.StartAsync(realServer: true, bare: true);
        var store = await app.CreateStoreAsync("Bench");
        var codes = new[] { "A", "B", "C" };
        var warehouses = new Guid[codes.Length];
        for (var i = 0; i < codes.Length; i++)
        {
            warehouses[i] = await app.AddWarehouseAsync(store.TenantId, codes[i]);
        }
        var products = await LedgerBench.SeedAsync(app, store.TenantId, warehouses);
        var skus = await app.InDbAsync(store.TenantId, db => db.Products.OrderBy(p => p.Id).Select(p => new { p.Id, p.Sku }).ToListAsync());
        var key = await app.InDbAsync(store.TenantId, async db =>
        {
            var (apiKey, secret) = ApiKey.Create("Bench", null, DateTimeOffset.UtcNow);
            db.ApiKeys.Add(apiKey);
            await db.SaveChangesAsync();
            return secret;
        });
        await LedgerBench.AnalyzeAsync(app.ConnectionString);
        app.Bare!.Target(app.ConnectionString, store.TenantId);

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var client = new HttpClient(handler) { BaseAddress = app.ServerAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var bodies = skus.SelectMany(p => codes.Select(c => p.Sku + "|" + c)).ToArray();

        Console.WriteLine($"Receipts of 1-5 units on a random row of {products.Length:N0} products x 3 warehouses, {Connections} concurrent, {seconds} s per run.");
        Console.WriteLine($"Server: {app.ServerAddress}");
        Console.WriteLine();
        // Warm-up of both paths (JIT, pools, prepared statements), not measured.
        await Stats.WarmUpAsync(async () =>
        {
            await RunHttpAsync(client, bodies, 1, Api);
            await RunHttpAsync(client, bodies, 1, BareEndpoint.Path);
            await RunInProcessAsync(app, store.TenantId, products, warehouses, 1);
        });

        var inProcess = await RunInProcessAsync(app, store.TenantId, products, warehouses, seconds);
        var http = await RunHttpAsync(client, bodies, seconds, Api);
        var bare = await RunHttpAsync(client, bodies, seconds, BareEndpoint.Path);
        Console.WriteLine("path                         | changes/s   p50 ms   p99 ms  errors  client+server CPU ms/op");
        Print("in-process (StockLedger)", inProcess);
        Print("HTTP POST /stock/movements", http);
        Print("HTTP bare (raw SQL only)", bare);
        Console.WriteLine($"GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, latency mode {System.Runtime.GCSettings.LatencyMode}");
        foreach (var (name, run) in new[] { ("in-process", inProcess), ("HTTP", http), ("bare", bare) })
        {
            Console.WriteLine($"  {name,-10} {run.Gc}; {run.Slow.Count:N0} operations over {Load.SlowMs} ms, started in {run.Slow.Windows} windows of 100 ms");
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HTTP / in-process: {http.PerSecond / inProcess.PerSecond:F2}   (target >= 0.6; p99 target < 50 ms)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HTTP / bare HTTP:  {http.PerSecond / bare.PerSecond:F2}   (what our code costs behind the same HTTP)"));
        Console.WriteLine($"Ledger check after the runs: {(await app.LedgerMismatchesAsync(store.TenantId)).Count} mismatching rows.");
        foreach (var (failure, count) in Failed.OrderByDescending(f => f.Value).Take(5))
        {
            Console.WriteLine($"  {count,7} x {failure}");
        }
    }

    private const string Api = "/api/v1/stock/movements";

    private static void Print(string name, Load.Result run) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-28} | {run.PerSecond,9:N0} {run.P50,8:F2} {run.P99,8:F2} {run.Failures,7}  {run.ClientCpuMs,8:F2}"));

    private static Task<Load.Result> RunHttpAsync(HttpClient client, string[] rows, int seconds, string path) =>
        Load.RunAsync(Connections, seconds, 0, async random =>
        {
            var row = rows[random.Next(rows.Length)].Split('|');
            var json = $$"""{"sku":"{{row[0]}}","warehouse":"{{row[1]}}","type":"receipt","quantity":{{random.Next(1, 6)}}}""";
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(path, content);
            var body = await response.Content.ReadAsStringAsync();
            // The answer must be the one asked for: created, for this SKU and warehouse.
            var ok = (int)response.StatusCode == 201
                && body.Contains($"\"sku\":\"{row[0]}\"", StringComparison.Ordinal) && body.Contains($"\"warehouse\":\"{row[1]}\"", StringComparison.Ordinal);
            if (!ok)
            {
                // What went wrong, once per kind: a failure is never silently counted as throughput.
                Failed.AddOrUpdate($"{path} {(int)response.StatusCode} {body[..Math.Min(body.Length, 160)]}", 1, (_, n) => n + 1);
            }
            return ok;
        });

    private static Task<Load.Result> RunInProcessAsync(StockApp app, Guid tenantId, Guid[] products, Guid[] warehouses, int seconds) =>
        Load.RunAsync(Connections, seconds, 1, async random =>
        {
            var change = StockChange.Receive(products[random.Next(products.Length)], warehouses[random.Next(warehouses.Length)], random.Next(1, 6));
            await app.InStoreAsync(tenantId, services => services.GetRequiredService<StockWorkFactory>().ApplyAsync([change], CancellationToken.None));
            return true;
        });
}
