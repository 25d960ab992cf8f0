using System.Diagnostics;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Testing;

namespace CodRocket.Stock.IntegrationTests.Notifications;

/// <summary>An app running Hangfire's server, as production does.</summary>
public sealed class JobsApp : StockApp
{
    protected override bool RunJobs => true;
}

public class HangfireDeliveryTests(JobsApp app) : IClassFixture<JobsApp>
{
    [Fact]
    public async Task A_stock_change_that_opens_an_alert_gets_its_email_delivered_by_the_job_server()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var product = await app.AddProductAsync(store.TenantId, "HF-1", 5, (warehouse, 10));

        var clock = Stopwatch.StartNew();
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 6, AdjustmentReason.Lost));
        while (app.Mail.To(store.Email).Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        app.Mail.To(store.Email).Should().ContainSingle().Which.Subject.Should().Contain("HF-1");
        TestContext.Current.TestOutputHelper?.WriteLine($"Alert e-mail arrived {clock.ElapsedMilliseconds} ms after the stock change");
    }

    [Fact]
    public async Task An_alert_opened_by_an_idempotent_api_request_notifies_once_the_request_commits()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "API");
        await app.AddProductAsync(store.TenantId, "API-HF", 5, (warehouse, 10));
        using var client = app.ApiClient(await app.CreateApiKeyAsync(store.TenantId));

        var response = await client.PostJsonAsync("/api/v1/stock/movements",
            "{\"sku\":\"API-HF\",\"warehouse\":\"API\",\"type\":\"adjustment\",\"quantity\":2}", idempotencyKey: "count-1");
        var clock = Stopwatch.StartNew();
        while (app.Mail.To(store.Email).Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        ((int)response.Status).Should().BeInRange(200, 201, response.ToString());
        app.Mail.To(store.Email).Should().ContainSingle().Which.Subject.Should().Contain("API-HF");
    }

    [Fact]
    public async Task A_burst_of_single_changes_is_delivered_by_the_job_server_as_two_emails_once_the_window_closes()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await app.CreateStoreAsync();
        // Long enough for the 20 changes to fall within one window even on a loaded machine.
        await app.SetPacingAsync(store.TenantId, digestWindowSeconds: 10);
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var skus = Enumerable.Range(0, 20).Select(i => $"HFB-{i:D2}").ToList();
        var products = new List<Guid>();
        foreach (var sku in skus)
        {
            products.Add(await app.AddProductAsync(store.TenantId, sku, 5, (warehouse, 10)));
        }

        var burst = Stopwatch.StartNew();
        foreach (var product in products)
        {
            await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 8, AdjustmentReason.Lost));
        }
        burst.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the burst fits in one window");
        var clock = Stopwatch.StartNew();
        bool AllNamed() => skus.All(sku => app.Mail.To(store.Email).Any(m => m.TextBody!.Contains(sku, StringComparison.Ordinal)));
        while (!AllNamed() && clock.Elapsed < TimeSpan.FromSeconds(40))
        {
            await Task.Delay(50, ct);
        }

        AllNamed().Should().BeTrue("the held alerts go out when the window closes, by a scheduled delivery");
        app.Mail.To(store.Email).Should().HaveCount(c => c <= 2);
        TestContext.Current.TestOutputHelper?.WriteLine($"Last e-mail {clock.ElapsedMilliseconds} ms after the last change (window 10 s)");
    }
}
