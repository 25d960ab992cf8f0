using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace CodRocket.Stock.Bench;

/// <summary>BENCH_JIT_WATCH=1: counts the methods the JIT compiles, by namespace and name, to find code generated per call.</summary>
internal sealed class JitWatch : EventListener
{
    public static readonly ConcurrentDictionary<string, int> Methods = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x10);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("MethodLoadVerbose", StringComparison.Ordinal) == true && e.Payload is { } p && e.PayloadNames is { } names)
        {
            var ns = p[names.IndexOf("MethodNamespace")];
            var name = p[names.IndexOf("MethodName")];
            Methods.AddOrUpdate($"{ns}::{name}", 1, (_, n) => n + 1);
        }
    }

    public static void Print()
    {
        foreach (var (name, n) in Methods.OrderByDescending(m => m.Value).Take(40))
        {
            Console.WriteLine($"{n,6} {name}");
        }
        Console.WriteLine($"distinct {Methods.Count}, total {Methods.Values.Sum()}");
        Methods.Clear();
    }
}
