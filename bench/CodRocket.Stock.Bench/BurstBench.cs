using System.Diagnostics;
using System.Globalization;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodRocket.Stock.Bench;

/// <summary>
/// The storefront's flood (issue 16): 1,000 alerts opened by 1,000 single-change transactions spread over 10 s, for a
/// store with 10 alert recipients, delivered by Hangfire's server as production does. Figures: the time from the last
/// change to the last e-mail sent (target: digest window + 5 s) and the e-mails each recipient got. It checks that it
/// got what it asked for: every alert opened, every notification written and sent, nothing left behind.
/// </summary>
internal static class BurstBench
{
    private const int Recipients = 10;

    public static async Task RunAsync(string[] args)
    {
        var alerts = Stats.Option(args, "--alerts", 1000);
        var seconds = Stats.Option(args, "--seconds", 10);
        var window = Stats.Option(args, "--window", 5);
        // The in-process SMTP sink: it counts what each recipient received (a few dozen messages, so its ~45 ms a
        // message weighs little).
        await using var app = await BenchApp.StartAsync(runJobs: true);
        var store = await app.CreateStoreAsync("Burst bench");
        await app.SetPacingAsync(store.TenantId, window);
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var members = new List<string> { store.Email };
        for (var i = 1; i < Recipients; i++)
        {
            members.Add((await app.AddMemberAsync(store.TenantId, $"Reader {i}", emailAlerts: true)).Email!);
        }
        var products = await SeedProductsAsync(app.ConnectionString, store.TenantId, warehouse, alerts);
        await Task.Delay(2000); // Hangfire's server starting

        // Change i commits at i × (seconds / alerts), from 8 workers (a storefront's parallel API calls).
        var clock = Stopwatch.StartNew();
        var finished = new double[alerts];
        var failures = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, alerts), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var due = TimeSpan.FromSeconds(seconds * (double)i / alerts);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, ct);
            }
            try
            {
                await app.ApplyAsync(store.TenantId, StockChange.WriteOff(products[i], warehouse, 8, AdjustmentReason.Lost));
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref failures);
                Console.Error.WriteLine($"change {i}: {e.Message}");
            }
            finished[i] = clock.Elapsed.TotalMilliseconds;
        });
        var lastChange = DateTimeOffset.UtcNow;
        var burstMs = finished.Max();

        var expected = alerts * Recipients;
        var deadline = TimeSpan.FromSeconds(window + 60);
        var waited = Stopwatch.StartNew();
        int sent;
        while ((sent = await app.InDbAsync(store.TenantId, db => db.Notifications.CountAsync(n => n.Status == NotificationStatus.Sent))) < expected
            && waited.Elapsed < deadline)
        {
            await Task.Delay(100);
        }
        var (opened, written, lastSent) = await app.InDbAsync(store.TenantId, async db => (
            await db.StockAlerts.CountAsync(),
            await db.Notifications.CountAsync(),
            await db.Notifications.MaxAsync(n => n.SentAt)));
        var perRecipient = members.Select(m => app.Mail.To(m).Count).ToList();

        var toLastMail = lastSent is { } at ? (at - lastChange).TotalMilliseconds : double.NaN;
        var target = (window + 5) * 1000.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Burst: {alerts:N0} single-change transactions over {seconds} s (took {burstMs / 1000:F1} s), {Recipients} recipients, digest window {window} s, Hangfire server in-process."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"last change -> last e-mail sent: {toLastMail:N0} ms (target <= window + 5 s = {target:N0} ms): {(toLastMail <= target ? "met" : "MISSED")}"));
        Console.WriteLine($"e-mails per recipient: {string.Join(", ", perRecipient)} (min {perRecipient.Min()}, max {perRecipient.Max()}; without the window: {alerts:N0})");

        // What was asked for, or say what was not.
        List<string> problems = [];
        if (failures > 0)
        {
            problems.Add($"{failures} changes failed");
        }
        if (opened != alerts)
        {
            problems.Add($"{opened} alerts opened, {alerts} expected");
        }
        if (written != expected || sent != expected)
        {
            problems.Add($"{written} notifications written and {sent} sent, {expected} expected");
        }
        if (perRecipient.Any(c => c == 0))
        {
            problems.Add("a recipient got no e-mail");
        }
        Console.WriteLine(problems.Count == 0 ? "check: every alert opened, every notification sent once" : "CHECK FAILED: " + string.Join("; ", problems));
        if (problems.Count > 0)
        {
            Environment.ExitCode = 1;
        }
    }

    /// <summary>Products BURST-000001.. with a Low Stock Alert of 5 and 10 units in the warehouse (received, so the ledger holds).</summary>
    private static async Task<List<Guid>> SeedProductsAsync(string connectionString, Guid tenantId, Guid warehouse, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        (string Sql, object[] Values)[] statements =
        [
            ("""
            INSERT INTO products (tenant_id, id, sku, name, is_archived, low_stock_threshold, sms_alerts, seasonal_factor, created_at, updated_at)
            SELECT $1, gen_random_uuid(), 'BURST-' || lpad(i::text, 6, '0'), 'Burst product ' || i, false, 5, false, 1, now(), now()
            FROM generate_series(1, $2) i
            """, [tenantId, count]),
            ("""
            INSERT INTO stock_levels (tenant_id, product_id, warehouse_id, on_hand, reserved, low_stock_threshold, updated_at, stocked)
            SELECT $1, p.id, $2, 10, 0, NULL, now(), true FROM products p WHERE p.tenant_id = $1
            """, [tenantId, warehouse]),
            ("""
            INSERT INTO stock_movements (tenant_id, product_id, warehouse_id, type, on_hand_delta, reserved_delta, on_hand_after, reserved_after, created_at)
            SELECT tenant_id, product_id, warehouse_id, 'Receipt', 10, 0, 10, 0, now() FROM stock_levels WHERE tenant_id = $1
            """, [tenantId]),
            ("ANALYZE products; ANALYZE stock_levels", []),
        ];
        foreach (var (sql, values) in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
            foreach (var value in values)
            {
                command.Parameters.Add(new() { Value = value });
            }
            await command.ExecuteNonQueryAsync();
        }
        await using var ids = new NpgsqlCommand("SELECT id FROM products WHERE tenant_id = $1 ORDER BY sku", connection);
        ids.Parameters.Add(new() { Value = tenantId });
        await using var reader = await ids.ExecuteReaderAsync();
        var products = new List<Guid>();
        while (await reader.ReadAsync())
        {
            products.Add(reader.GetGuid(0));
        }
        return products;
    }
}
