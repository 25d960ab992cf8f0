using System.Diagnostics;

namespace CodRocket.Stock.Bench;

/// <summary>
/// Runs one operation in a loop on <c>workers</c> concurrent tasks for a number of seconds and summarises it: the
/// closed-loop driver the orders and HTTP benchmarks share.
/// </summary>
internal static class Load
{
    /// <param name="PerSecond">Successful operations per second (failures are counted apart, not as throughput).</param>
    /// <param name="Failures">Operations that returned false (refused, or not the expected status).</param>
    /// <param name="ClientCpuMs">CPU of this process per operation: the client side's share of the cores.</param>
    public sealed record Result(double PerSecond, double P50, double P99, int Failures, double ClientCpuMs);

    /// <param name="operation">One operation with the worker's own seeded random; true when it did what was asked.</param>
    public static async Task<Result> RunAsync(int workers, int seconds, int seed, Func<Random, Task<bool>> operation)
    {
        var latencies = new List<double>[workers];
        var failures = 0;
        var deadline = Stopwatch.GetTimestamp() + seconds * Stopwatch.Frequency;
        var started = Stopwatch.GetTimestamp();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w * 7919 + seed);
            var mine = latencies[w] = [];
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var begin = Stopwatch.GetTimestamp();
                var ok = await operation(random);
                mine.Add(Stats.Ms(Stopwatch.GetTimestamp() - begin));
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        var elapsed = Stats.Ms(Stopwatch.GetTimestamp() - started) / 1000;
        var all = latencies.SelectMany(l => l).Order().ToList();
        // Throughput counts answers that did what was asked: a fast refusal (a 429, a 500) is no throughput.
        return new Result((all.Count - failures) / elapsed, Stats.Percentile(all, 50), Stats.Percentile(all, 99), failures,
            (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Math.Max(1, all.Count));
    }
}
