using System.Diagnostics;
using CodRocket.Stock.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.Bench;

/// <summary>The real app (its DI, its migrations) on a fresh database; quiet logs.</summary>
internal sealed class BenchApp : StockApp
{
    private int? _smtpPort;
    private bool _runJobs;
    private bool _realServer;

    /// <summary>The bare baseline endpoint, when the app was started with one.</summary>
    public BareEndpoint? Bare { get; private set; }

    protected override bool RunJobs => _runJobs;

    protected override bool RealServer => _realServer;

    /// <param name="smtpPort">Another local SMTP server than the test sink (which answers slowly, by ~45 ms a message).</param>
    /// <param name="runJobs">Run Hangfire's server in the app, as production does.</param>
    /// <param name="realServer">Kestrel on a local port, for load over real HTTP connections.</param>
    /// <param name="bare">Serve the HTTP bench's bare baseline endpoint (<see cref="BareEndpoint"/>), in this host only.</param>
    public static async Task<BenchApp> StartAsync(int? smtpPort = null, bool runJobs = false, bool realServer = false, bool bare = false)
    {
        var app = new BenchApp { _smtpPort = smtpPort, _runJobs = runJobs, _realServer = realServer, Bare = bare ? new BareEndpoint() : null };
        await app.InitializeAsync();
        if (Environment.GetEnvironmentVariable("BENCH_ROW_LEVEL_SECURITY") == "off")
        {
            await app.DisableRowLevelSecurityAsync();
        }
        return app;
    }

    /// <summary>
    /// BENCH_ROW_LEVEL_SECURITY=off: the same code and statements with the policies switched off on every table, to
    /// tell what row-level security costs (issue 15's budget) by pairing a run with one that keeps them.
    /// </summary>
    private async Task DisableRowLevelSecurityAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            """
            DO $$
            DECLARE t text;
            BEGIN
                FOR t IN SELECT DISTINCT tablename FROM pg_policies WHERE schemaname = 'public' LOOP
                    EXECUTE format('ALTER TABLE %I NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY', t);
                END LOOP;
            END $$;
            SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relrowsecurity;
            """, connection);
        var stillOn = (int)(await command.ExecuteScalarAsync())!;
        Console.WriteLine($"Row-level security switched off for this run ({stillOn} tables still enforce it).");
    }

    public override async ValueTask DisposeAsync()
    {
        if (Bare is not null)
        {
            await Bare.DisposeAsync();
        }
        await base.DisposeAsync();
    }

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The load driver is one key: measure the server, not the per-key limit.
        builder.UseSetting("Api:RateLimit:RequestsPerSecond", "100000");
        builder.UseSetting("Api:RateLimit:Burst", "1000000");
        // The store-wide limit too (all of a store's keys together): a benchmark measures work, not refusals.
        builder.UseSetting("Api:RateLimit:StoreRequestsPerSecond", "1000000");
        builder.UseSetting("Api:RateLimit:StoreBurst", "10000000");
        if (Bare is { } bare)
        {
            builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(bare));
        }
        if (_smtpPort is { } port)
        {
            builder.UseSetting("Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>
/// CPU time of the whole machine (every process: this one, PostgreSQL's backends, pgbench), from /proc/stat: what a run
/// costs in CPU per operation, both sides of the socket. Meaningful only while nothing else runs.
/// </summary>
internal readonly record struct MachineCpu(long BusyTicks)
{
    public static MachineCpu Now()
    {
        if (!File.Exists("/proc/stat"))
        {
            return new MachineCpu(0);
        }
        // "cpu  user nice system idle iowait irq softirq steal ...", in clock ticks (USER_HZ, 100 a second).
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return new MachineCpu(fields.Take(8).Sum() - fields[3] - fields[4]);
    }

    /// <summary>Milliseconds of machine CPU per operation since <paramref name="start"/>.</summary>
    public double MsPer(MachineCpu start, double operations) => operations <= 0 ? double.NaN : (BusyTicks - start.BusyTicks) * 10.0 / operations;
}

internal static class Stats
{
    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];

    public static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }

    public static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>
    /// Warm-up rounds until the JIT has settled: fewer than 10 methods compiled in a round (at least 3 rounds, at most 40).
    /// A fixed 3-second warm-up left tiered compilation (tier 0, instrumented tier 0, tier 1 with PGO) running in the
    /// background through the first measured run: the 1-worker ledger run then used 1.7 ms of this process's CPU a change,
    /// 0.6 ms with PGO off, and its ratio to pgbench read 0.25 instead of 0.38. The app of record runs for hours; what is
    /// timed is its steady state.
    /// </summary>
    private static readonly bool JitWatchOn = Environment.GetEnvironmentVariable("BENCH_JIT_WATCH") == "1";
    private static JitWatch? _watch;

    public static async Task WarmUpAsync(Func<Task> round)
    {
        if (JitWatchOn)
        {
            _watch ??= new JitWatch();
        }
        var started = Stopwatch.GetTimestamp();
        var before = System.Runtime.JitInfo.GetCompiledMethodCount();
        var first = before;
        // Until a round compiles fewer than 10 methods, or for at most three minutes: a fixed count of rounds (40) ended
        // one round a second on a slow machine with ~200 methods still compiling a round, and the 1-worker ledger run then
        // timed tier-ups (client CPU 1.4-2.3 ms a change instead of ~0.6).
        for (var i = 1; Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(3); i++)
        {
            await round();
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (JitWatchOn && i % 5 == 0)
            {
                Console.WriteLine($"round {i}: {now - before} compiled");
                JitWatch.Print();
            }
            if (i >= 3 && now - before < 10)
            {
                break;
            }
            before = now;
        }
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Warm-up: {Ms(Stopwatch.GetTimestamp() - started) / 1000:F0} s until the JIT settled ({System.Runtime.JitInfo.GetCompiledMethodCount() - first:N0} methods compiled meanwhile)."));
        Console.WriteLine();
    }
}
