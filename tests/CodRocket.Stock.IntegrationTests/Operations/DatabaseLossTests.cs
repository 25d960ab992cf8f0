using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CodRocket.Stock.IntegrationTests.Operations;

/// <summary>
/// Issue 18, item 3: the database goes away (refused, then partitioned) under a running node. No answer is a 500: the API
/// says 503 with Retry-After in problem JSON, pages a static 503 page, readiness fails within its timeout, liveness
/// stays up; and the node recovers by itself when the database is back.
/// </summary>
public class DatabaseLossTests(StockApp app)
{
    [Fact]
    public async Task Losing_the_database_answers_503_with_Retry_After_everywhere_and_recovers_when_it_is_back()
    {
        await using var proxy = DatabaseProxy.Start(app.ConnectionString);
        await using var node = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Stock", proxy.ConnectionString);
            b.UseSetting("App:MigrateOnStartup", "false");
            b.UseSetting("Operations:RequestTimeoutSeconds", "3");
            b.UseSetting("Operations:HealthCheckTimeoutSeconds", "1");
        });
        var store = await app.CreateStoreAsync();
        var key = await app.CreateApiKeyAsync(store.TenantId);
        using var api = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var browser = new StoreClient(node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        (await browser.PostFormAsync("/account/sign-in", new() { ["Input.Email"] = store.Email, ["Input.Password"] = StockApp.Password }))
            .Status.Should().Be(HttpStatusCode.Redirect);
        (await GetAsync(api, "/api/v1/products")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await GetAsync(browser.Http, "/inventory/products")).StatusCode.Should().Be(HttpStatusCode.OK);

        proxy.Refuse();
        await ExpectDatabaseLossAsync(api, browser.Http, TimeSpan.FromSeconds(5));

        proxy.Partition();
        await ExpectDatabaseLossAsync(api, browser.Http, TimeSpan.FromSeconds(10));

        proxy.Restore();
        (await GetAsync(api, "/api/v1/products")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await GetAsync(browser.Http, "/inventory/products")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await GetAsync(api, "/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task ExpectDatabaseLossAsync(HttpClient api, HttpClient browser, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        using var ready = await GetAsync(api, "/health/ready");
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(4), "readiness gives up after its own timeout");

        using var live = await GetAsync(api, "/health/live");
        live.StatusCode.Should().Be(HttpStatusCode.OK);

        clock.Restart();
        using var products = await GetAsync(api, "/api/v1/products");
        products.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        products.Headers.RetryAfter!.Delta.Should().BePositive();
        products.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        clock.Elapsed.Should().BeLessThan(within);

        clock.Restart();
        using var page = await GetAsync(browser, "/inventory/products");
        page.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        page.Headers.RetryAfter.Should().NotBeNull();
        (await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("Back in a moment").And.Contain("De retour dans un instant");
        clock.Elapsed.Should().BeLessThan(within);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string url) =>
        client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
}
