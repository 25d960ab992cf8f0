using System.Net;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Hosting;

namespace CodRocket.Stock.IntegrationTests.Operations;

/// <summary>Issue 18, item 4: OpenTelemetry metrics for Prometheus, off unless switched on.</summary>
public class MetricsTests(StockApp app)
{
    [Fact]
    public async Task Metrics_are_off_by_default()
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.Should().NotBe(HttpStatusCode.OK, "no such endpoint: the sign-in page is offered instead");
    }

    [Fact]
    public async Task Switched_on_the_node_serves_the_platform_meters_and_its_own_for_Prometheus()
    {
        await using var node = app.WithWebHostBuilder(b => b.UseSetting("Operations:MetricsEnabled", "true"));
        using var client = node.CreateClient();
        (await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken)).Dispose();
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var product = await app.AddProductAsync(store.TenantId, "MET-1", 5, (warehouse, 10));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 6, AdjustmentReason.Lost));

        var text = "";
        // The outbox gauges report the reading the first scrape started.
        for (var attempt = 0; attempt < 20 && !text.Contains("codrocket_outbox_oldest_undelivered_age", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(250, TestContext.Current.CancellationToken);
            using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        }

        text.Should().Contain("http_server_request_duration_seconds", "ASP.NET Core's meter")
            .And.Contain("db_client_", "Npgsql's meter")
            .And.Contain("dotnet_", "the runtime's meter")
            .And.Contain("codrocket_stock_changes_total")
            .And.Contain("codrocket_alerts_opened_total")
            .And.Contain("codrocket_outbox_oldest_undelivered_age_seconds")
            .And.Contain("codrocket_notifications_failed");
    }
}
