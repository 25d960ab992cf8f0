using System.Diagnostics;
using System.Globalization;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Testing;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Npgsql;

namespace CodRocket.Stock.Bench;

/// <summary>
/// 1,000 pending alert e-mails for 1,000 recipients delivered by DeliverNotificationsJob (claims, composing,
/// recording each send) against a bare MailKit loop sending the same 1,000 messages over one connection.
/// </summary>
internal static class EmailBench
{
    private const int Recipients = 1000;

    public static async Task RunAsync()
    {
        // Python's standard smtpd (a few ms a message) when available; else the tests' in-process sink.
        using var python = LocalSmtpServer.TryStart(out var smtpPort);
        await using var app = await BenchApp.StartAsync(smtpPort);
        var port = smtpPort ?? app.Mail.Port;
        Console.WriteLine(python is null ? "SMTP server: SmtpServer package in-process (slow: ~45 ms a message)" : $"SMTP server: python3 -m smtpd on port {port}");
        var store = await app.CreateStoreAsync("Mail bench");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var product = await app.AddProductAsync(store.TenantId, "MAIL-1", 10, (warehouse, 20));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 15, AdjustmentReason.Lost));
        var alertId = await app.InDbAsync(store.TenantId, db => db.StockAlerts.Select(a => a.Id).SingleAsync());
        await app.InDbAsync(store.TenantId, db => db.Notifications.ExecuteDeleteAsync());

        // Bare loop first: the same messages the job would compose, one SMTP connection, nothing recorded.
        var messages = await app.InStoreAsync(store.TenantId, async services =>
        {
            var composer = services.GetRequiredService<NotificationComposer>();
            var line = (await composer.AlertsAsync([alertId], CancellationToken.None))[alertId];
            var composed = new List<EmailMessage>(Recipients);
            for (var i = 0; i < Recipients; i++)
            {
                composed.Add(await composer.AlertEmailAsync(store.Name, $"bare-{i}@example.test", null, [line], [], CultureInfo.GetCultureInfo("en")));
            }
            return composed;
        });
        var bare = Stopwatch.StartNew();
        using (var client = new SmtpClient())
        {
            // Same socket option as our sender, so the ratio measures our work, not Nagle's algorithm.
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync("127.0.0.1", port);
            await client.ConnectAsync(socket, "127.0.0.1", port, SecureSocketOptions.None);
            foreach (var message in messages)
            {
                using var mime = new MimeMessage();
                mime.From.Add(MailboxAddress.Parse("CodRocket Stock <alerts@codrocket.local>"));
                mime.To.Add(MailboxAddress.Parse(message.To));
                mime.Subject = message.Subject;
                mime.Body = new BodyBuilder { HtmlBody = message.Html, TextBody = message.Text }.ToMessageBody();
                await client.SendAsync(mime);
            }
            await client.DisconnectAsync(true);
        }
        bare.Stop();

        await SeedPendingAsync(app.ConnectionString, store.TenantId, alertId);
        var ours = Stopwatch.StartNew();
        await app.DeliverAsync(store.TenantId);
        ours.Stop();

        Console.WriteLine($"(messages that reached the in-process sink instead: {app.Mail.Messages.Count})");
        var sent = await app.InDbAsync(store.TenantId, db => db.Notifications.CountAsync(n => n.Status == NotificationStatus.Sent));
        Console.WriteLine($"E-mail delivery: {Recipients:N0} pending alert notifications for {Recipients:N0} recipients, local SMTP server.");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bare MailKit loop, one connection: {bare.Elapsed.TotalMilliseconds,8:N0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"DeliverNotificationsJob:          {ours.Elapsed.TotalMilliseconds,8:N0} ms  ({sent:N0} rows marked sent)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours / bare: {ours.Elapsed.TotalMilliseconds / bare.Elapsed.TotalMilliseconds:F2}"));
        await PickupAsync(port);
    }

    /// <summary>From the commit of a stock change that opens an alert to its e-mail recorded as sent, with Hangfire's server running.</summary>
    private static async Task PickupAsync(int smtpPort)
    {
        await using var app = await BenchApp.StartAsync(smtpPort, runJobs: true);
        var store = await app.CreateStoreAsync("Pickup");
        // The path of an alert with nothing held back: every alert here goes to the same owner, one after another, and the
        // store's digest window would hold all but the first (email-burst measures that window).
        await app.SetPacingAsync(store.TenantId, digestWindowSeconds: 0);
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var products = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            products.Add(await app.AddProductAsync(store.TenantId, $"PICK-{i}", 10, (warehouse, 20)));
        }
        await Task.Delay(2000);
        var times = new List<double>();
        foreach (var product in products)
        {
            var clock = Stopwatch.StartNew();
            await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 15, AdjustmentReason.Lost));
            var committed = clock.Elapsed.TotalMilliseconds;
            while (!await app.InDbAsync(store.TenantId, db => db.Notifications.AnyAsync(n => n.Status == NotificationStatus.Sent && db.StockAlerts.Any(a => a.Id == n.AlertId && a.ProductId == product)))
                && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(5);
            }
            times.Add(clock.Elapsed.TotalMilliseconds - committed);
            if (clock.Elapsed >= TimeSpan.FromSeconds(30))
            {
                Console.WriteLine($"NOT SENT within 30 s: the alert of PICK-{products.IndexOf(product)} (this figure is void)");
                Environment.ExitCode = 1;
            }
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Job pickup: commit to e-mail sent, {times.Count} alerts one after another: median {Stats.Percentile(times, 50):F0} ms, max {times[^1]:F0} ms (first run included)"));
    }

    /// <summary>python3's smtpd module as a throwaway sink, if the machine has it.</summary>
    private sealed class LocalSmtpServer(Process process) : IDisposable
    {
        public static LocalSmtpServer? TryStart(out int? port)
        {
            port = null;
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var free = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            try
            {
                var start = new ProcessStartInfo("python3", $"-W ignore -m smtpd -n -c DebuggingServer 127.0.0.1:{free}")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                var process = Process.Start(start)!;
                process.OutputDataReceived += (_, _) => { };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                for (var i = 0; i < 50 && !process.HasExited; i++)
                {
                    try
                    {
                        using var probe = new System.Net.Sockets.TcpClient("127.0.0.1", free);
                        port = free;
                        return new LocalSmtpServer(process);
                    }
                    catch (System.Net.Sockets.SocketException)
                    {
                        Thread.Sleep(100);
                    }
                }
                process.Kill();
                return null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
            process.Dispose();
        }
    }

    private static async Task SeedPendingAsync(string connectionString, Guid tenantId, Guid alertId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO notifications (tenant_id, id, kind, channel, alert_id, recipient, status, attempts, created_at)
            SELECT $1, gen_random_uuid(), 'Alert', 'Email', $2, 'member-' || i || '@example.test', 'Pending', 0, now()
            FROM generate_series(1, {Recipients}) i
            """, connection);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = alertId });
        await command.ExecuteNonQueryAsync();
    }
}
