using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace CodRocket.Stock.Bench;

/// <summary>Runs a pgbench script against the bench database: the raw-SQL baselines the benchmarks compare with.</summary>
internal static class Pgbench
{
    public sealed record Result(double PerSecond, double P50, double P99);

    public static Result Run(string connectionString, string script, int clients, int seconds)
    {
        var pgbench = Environment.GetEnvironmentVariable("PGBENCH") is { Length: > 0 } path ? path : "pgbench";
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var dir = Directory.CreateTempSubdirectory("pgbench");
        var file = Path.Combine(dir.FullName, "script.sql");
        File.WriteAllText(file, script);
        var start = new ProcessStartInfo(pgbench)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dir.FullName,
        };
        foreach (var arg in new[] { "-n", "-f", file, "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", Math.Min(clients, 2).ToString(CultureInfo.InvariantCulture),
                     "-T", seconds.ToString(CultureInfo.InvariantCulture), "-l", "--log-prefix", Path.Combine(dir.FullName, "log"),
                     "-h", builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username!, builder.Database! })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["PGPASSWORD"] = builder.Password ?? "";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        var tpsLine = output.Split('\n').FirstOrDefault(l => l.StartsWith("tps = ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("pgbench failed:\n" + output);
        var tps = double.Parse(tpsLine.Split(' ')[2], CultureInfo.InvariantCulture);
        // Per-transaction log lines: client, transaction, latency in microseconds, ...
        var latencies = Directory.GetFiles(dir.FullName, "log*")
            .SelectMany(File.ReadLines)
            .Select(line => double.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture) / 1000)
            .Order().ToList();
        dir.Delete(recursive: true);
        return new Result(tps, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99));
    }
}
