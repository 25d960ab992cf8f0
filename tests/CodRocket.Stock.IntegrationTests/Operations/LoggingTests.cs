using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace CodRocket.Stock.IntegrationTests.Operations;

/// <summary>Issue 18, item 2: logs an ops pipeline can read.</summary>
public class LoggingTests(StockApp app)
{
    private sealed class Captured : ILogEventSink
    {
        public ConcurrentQueue<LogEvent> Events { get; } = new();

        public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
    }

    [Fact]
    public async Task API_requests_log_their_store_and_key_and_health_probes_stay_below_Information()
    {
        var log = new Captured();
        await using var node = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Serilog:MinimumLevel:Default", "Information");
            b.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(log));
        });
        var store = await app.CreateStoreAsync();
        var key = await app.CreateApiKeyAsync(store.TenantId);
        using var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        (await client.GetAsync(new Uri("/api/v1/warehouses", UriKind.Relative), TestContext.Current.CancellationToken)).Dispose();
        (await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken)).Dispose();
        (await client.GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken)).Dispose();

        var request = log.Events.Should().ContainSingle(e => e.RenderMessage(null).Contains("/api/v1/warehouses", StringComparison.Ordinal)).Subject;
        request.Properties["StoreId"].ToString().Should().Contain(store.TenantId.ToString());
        request.Properties.Should().ContainKey("ApiKeyId");
        log.Events.Should().NotContain(e => e.RenderMessage(null).Contains("/health", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_email_attempt_is_one_line_without_a_stack_trace_and_names_the_store()
    {
        var log = new Captured();
        await using var node = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Smtp:Port", "1"); // nothing listens there
            b.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(log));
        });
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var product = await app.AddProductAsync(store.TenantId, "LOGF-1", 5, (warehouse, 10));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 6, AdjustmentReason.Lost));

        await using (var scope = node.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DeliverNotificationsJob>().RunAsync(store.TenantId, CancellationToken.None);
        }

        var failure = log.Events.Should().ContainSingle(e => e.MessageTemplate.Text.StartsWith("E-mail to", StringComparison.Ordinal)).Subject;
        failure.Level.Should().Be(LogEventLevel.Warning);
        failure.Exception.Should().BeNull();
        failure.RenderMessage(null).Should().NotContain("\n");
    }

    [Fact]
    public async Task One_setting_turns_the_console_to_compact_JSON_and_migrate_uses_it_too()
    {
        var web = Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location)!, "CodRocket.Stock.Web.dll");
        var start = new ProcessStartInfo("dotnet", [web, "migrate"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(web)!,
        };
        start.Environment["ConnectionStrings__Stock"] = app.ConnectionString;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "json";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        process.ExitCode.Should().Be(0);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Should().Contain(l => l.Contains("Database migrated", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            json.RootElement.TryGetProperty("@t", out _).Should().BeTrue(line);
        }
    }
}
