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
    /// <param name="Gc">What the garbage collector did in this process during the run: a pause stops every request at
    /// once, so the tail latency of a run is often its collections.</param>
    /// <param name="Slow">Operations over <see cref="SlowMs"/>, and in how many distinct 100 ms windows they started: many
    /// slow operations in few windows are stalls that held every worker at once (a pause of the process, of the
    /// database, of the machine), not slow operations of their own.</param>
    public sealed record Result(double PerSecond, double P50, double P99, int Failures, double ClientCpuMs, GcActivity Gc, (int Count, int Windows) Slow);

    public const double SlowMs = 50;

    /// <param name="PauseMs">Total time the process was paused for collections.</param>
    /// <param name="MaxPauseMs">The longest single pause among the runtime's last recorded collections that fell in the run.</param>
    public sealed record GcActivity(double PauseMs, double MaxPauseMs, int Gen0, int Gen1, int Gen2, double AllocatedKbPerOp)
    {
        public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"GC {Gen0}/{Gen1}/{Gen2} (gen 0/1/2), paused {PauseMs:F0} ms (longest {MaxPauseMs:F1}), {AllocatedKbPerOp:F1} KB/op");
    }

    /// <param name="operation">One operation with the worker's own seeded random; true when it did what was asked.</param>
    public static async Task<Result> RunAsync(int workers, int seconds, int seed, Func<Random, Task<bool>> operation)
    {
        var latencies = new List<double>[workers];
        var slowStarts = new List<long>[workers];
        var failures = 0;
        var deadline = Stopwatch.GetTimestamp() + seconds * Stopwatch.Frequency;
        var started = Stopwatch.GetTimestamp();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var gcBefore = (Pause: GC.GetTotalPauseDuration(), Gen0: GC.CollectionCount(0), Gen1: GC.CollectionCount(1), Gen2: GC.CollectionCount(2),
            Allocated: GC.GetTotalAllocatedBytes(), Index: GC.GetGCMemoryInfo(GCKind.Any).Index);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w * 7919 + seed);
            var mine = latencies[w] = [];
            var slow = slowStarts[w] = [];
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var begin = Stopwatch.GetTimestamp();
                var ok = await operation(random);
                var ms = Stats.Ms(Stopwatch.GetTimestamp() - begin);
                mine.Add(ms);
                if (ms > SlowMs)
                {
                    slow.Add(begin);
                }
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        var elapsed = Stats.Ms(Stopwatch.GetTimestamp() - started) / 1000;
        var all = latencies.SelectMany(l => l).Order().ToList();
        // The runtime keeps the last collection of each kind (ephemeral, full blocking, background): the longest of
        // those that happened during the run.
        var maxPause = new[] { GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background }
            .Select(kind => GC.GetGCMemoryInfo(kind))
            .Where(info => info.Index > gcBefore.Index)
            .SelectMany(info => info.PauseDurations.ToArray())
            .DefaultIfEmpty()
            .Max(pause => pause.TotalMilliseconds);
        var gc = new GcActivity((GC.GetTotalPauseDuration() - gcBefore.Pause).TotalMilliseconds, maxPause,
            GC.CollectionCount(0) - gcBefore.Gen0, GC.CollectionCount(1) - gcBefore.Gen1, GC.CollectionCount(2) - gcBefore.Gen2,
            (GC.GetTotalAllocatedBytes() - gcBefore.Allocated) / 1024.0 / Math.Max(1, all.Count));
        // Throughput counts answers that did what was asked: a fast refusal (a 429, a 500) is no throughput.
        return new Result((all.Count - failures) / elapsed, Stats.Percentile(all, 50), Stats.Percentile(all, 99), failures,
            (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Math.Max(1, all.Count), gc,
            (slowStarts.Sum(s => s.Count), slowStarts.SelectMany(s => s).Select(t => Stats.Ms(t - started) / 100).Select(Math.Floor).Distinct().Count()));
    }
}
