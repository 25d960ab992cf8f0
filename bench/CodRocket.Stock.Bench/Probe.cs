using System.Diagnostics;

namespace CodRocket.Stock.Bench;

/// <summary>Scratch timings for one request path (not a benchmark of record).</summary>
internal static class Probe
{
    public static async Task RunAsync()
    {
        await using var app = await BenchApp.StartAsync();
        var store = await app.CreateStoreAsync("Probe");
        using var client = await app.SignInAsync(store);
        var exceptions = 0;
        var last = "";
        AppDomain.CurrentDomain.FirstChanceException += (_, e) => { Interlocked.Increment(ref exceptions); last = e.Exception.GetType().Name + ": " + e.Exception.Message; };
        foreach (var url in new[] { "/health/live", "/", "/warehouses", "/settings" })
        {
            for (var i = 0; i < 30; i++) await client.GetAsync(url);
            exceptions = 0;
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < 100; i++) await client.GetAsync(url);
            Console.WriteLine($"{url,-15} {sw.Elapsed.TotalMilliseconds / 100:F2} ms/request, {exceptions / 100.0:F1} first-chance exceptions/request {last}");
        }
    }
}
