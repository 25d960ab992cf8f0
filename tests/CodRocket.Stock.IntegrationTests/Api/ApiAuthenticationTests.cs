using System.Collections.Concurrent;
using System.Net;
using CodRocket.Stock.Api;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace CodRocket.Stock.IntegrationTests.Api;

public class ApiAuthenticationTests(StockApp app)
{
    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    [InlineData("crs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_request_without_a_valid_key_answers_401_problem_details(string? key)
    {
        using var client = app.ApiClient(key);

        using var response = await client.GetAsync(new Uri("/api/v1/products", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        response.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task The_sign_in_cookie_does_not_open_the_api_and_never_redirects_there()
    {
        var store = await app.CreateStoreAsync();
        using var browser = await app.SignInAsync(store);

        using var response = await browser.Http.GetAsync(new Uri("/api/v1/products", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.Location.Should().BeNull();
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Keys_are_created_shown_once_listed_and_revoked_on_the_settings_page()
    {
        var store = await app.CreateStoreAsync();
        using var browser = await app.SignInAsync(store);

        var created = await browser.PostFormAsync("/settings/api-keys?handler=Create", new() { ["Input.Name"] = "Shopify storefront" }, formUrl: "/settings/api-keys");
        var secret = created.Document.QuerySelector("#created-key")!.GetAttribute("value")!;
        var listed = await browser.GetAsync("/settings/api-keys");
        using var api = app.ApiClient(secret);
        var before = await api.GetJsonAsync("/api/v1/warehouses");
        var keyId = await app.InDbAsync(store.TenantId, db => db.ApiKeys.Select(k => k.Id).SingleAsync());
        var revoked = await browser.PostFormAsync($"/settings/api-keys?handler=Revoke&id={keyId}", new() { ["confirmed"] = "true" }, formUrl: "/settings/api-keys");
        var after = await api.GetJsonAsync("/api/v1/warehouses");

        created.Status.Should().Be(HttpStatusCode.OK);
        ApiKey.IsWellFormed(secret).Should().BeTrue();
        listed.Text.Should().Contain("Shopify storefront").And.Contain(secret[..ApiKey.DisplayPrefixLength]).And.NotContain(secret);
        before.Status.Should().Be(HttpStatusCode.OK);
        revoked.Status.Should().Be(HttpStatusCode.Redirect);
        after.Status.Should().Be(HttpStatusCode.Unauthorized);
        var row = await app.InDbAsync(store.TenantId, db => db.ApiKeys.AsNoTracking().SingleAsync());
        row.Hash.Should().Equal(ApiKey.HashOf(secret));
        row.Prefix.Should().Be(secret[..ApiKey.DisplayPrefixLength]);
        row.RevokedAt.Should().NotBeNull();
        row.CreatedBy.Should().Be(store.OwnerId);
    }

    [Fact]
    public async Task Another_stores_key_cannot_be_revoked_from_the_settings_page()
    {
        var other = await app.CreateStoreAsync();
        var otherKey = await app.CreateApiKeyAsync(other.TenantId);
        var otherKeyId = await app.InDbAsync(other.TenantId, db => db.ApiKeys.Select(k => k.Id).SingleAsync());
        var store = await app.CreateStoreAsync();
        using var browser = await app.SignInAsync(store);

        var revoke = await browser.PostFormAsync($"/settings/api-keys?handler=Revoke&id={otherKeyId}", new() { ["confirmed"] = "true" }, formUrl: "/settings/api-keys");
        using var api = app.ApiClient(otherKey);

        revoke.Status.Should().Be(HttpStatusCode.NotFound);
        (await api.GetJsonAsync("/api/v1/products")).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_last_use_is_recorded_at_most_once_a_minute()
    {
        var (store, client) = await app.ApiStoreAsync();

        await client.GetJsonAsync("/api/v1/warehouses");
        var first = await app.InDbAsync(store.TenantId, db => db.ApiKeys.Select(k => k.LastUsedAt).SingleAsync());
        await client.GetJsonAsync("/api/v1/warehouses");
        var second = await app.InDbAsync(store.TenantId, db => db.ApiKeys.Select(k => k.LastUsedAt).SingleAsync());

        first.Should().NotBeNull().And.BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        second.Should().Be(first);
    }

    [Fact]
    public async Task Keys_never_appear_in_the_logs()
    {
        var sink = new CapturingSink();
        await using var verbose = app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Serilog:MinimumLevel:Default", "Verbose");
            builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.AspNetCore", "Verbose");
            builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.AspNetCore.Hosting.Diagnostics", "Verbose");
            builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore", "Verbose");
            builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(sink));
        });
        var store = await app.CreateStoreAsync();
        using var browser = new StoreClient(verbose.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        await browser.PostFormAsync("/account/sign-in", new() { ["Input.Email"] = store.Email, ["Input.Password"] = StockApp.Password });
        var created = await browser.PostFormAsync("/settings/api-keys?handler=Create", new() { ["Input.Name"] = "Logged?" }, formUrl: "/settings/api-keys");
        var secret = created.Document.QuerySelector("#created-key")!.GetAttribute("value")!;
        var revokedSecret = await app.CreateApiKeyAsync(store.TenantId, "to revoke");
        await app.InDbAsync(store.TenantId, db => db.ApiKeys.Where(k => k.Name == "to revoke")
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, DateTimeOffset.UtcNow)));

        using var api = verbose.CreateClient();
        foreach (var key in new[] { secret, revokedSecret, "crs_" + new string('Z', 43), "garbage-key-123" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/stock/movements", UriKind.Relative))
            {
                Content = new StringContent("""{"sku":"NOPE","warehouse":"X","type":"receipt","quantity":1}""", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new("Bearer", key);
            request.Headers.Add("Idempotency-Key", "log-test");
            using var _ = await api.SendAsync(request, TestContext.Current.CancellationToken);
        }

        sink.Events.Should().NotBeEmpty();
        sink.Events.Should().Contain(e => e.Contains("/api/v1/stock/movements", StringComparison.Ordinal), "requests are logged, only never with their key");
        foreach (var hidden in new[] { secret[ApiKey.DisplayPrefixLength..], revokedSecret[ApiKey.DisplayPrefixLength..], new string('Z', 43), "garbage-key-123" })
        {
            sink.Events.Should().NotContain(e => e.Contains(hidden, StringComparison.Ordinal));
        }
    }

    private sealed class CapturingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<string> _events = new();

        public IReadOnlyCollection<string> Events => _events;

        public void Emit(LogEvent logEvent) =>
            _events.Enqueue($"{logEvent.RenderMessage()} {string.Join(" ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}"))} {logEvent.Exception}");
    }
}
