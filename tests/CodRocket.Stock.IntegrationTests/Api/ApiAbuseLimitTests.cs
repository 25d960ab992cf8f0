using System.Diagnostics;
using System.Net;
using CodRocket.Stock.Api;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Hosting;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>Limits a store cannot dodge by making more keys, and a guesser cannot dodge by trying unknown keys.</summary>
public sealed class ApiAbuseLimitTests : IAsyncLifetime
{
    private readonly TightApp _app = new();

    private sealed class TightApp : StockApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Api:RateLimit:Burst", "10");
            builder.UseSetting("Api:RateLimit:RequestsPerSecond", "1");
            builder.UseSetting("Api:RateLimit:StoreBurst", "4");
            builder.UseSetting("Api:RateLimit:StoreRequestsPerSecond", "1");
            builder.UseSetting("Api:RateLimit:FailedKeyLookupsPerMinute", "5");
        }
    }

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_store_is_limited_across_its_keys_and_an_address_guessing_keys_is_limited_before_any_lookup()
    {
        var (fromFirst, fromSecond, elsewhere) = await RefillTiming.WithinOneSecondAsync(async () =>
        {
            var (store, first) = await _app.ApiStoreAsync();
            using var second = _app.ApiClient(await _app.CreateApiKeyAsync(store.TenantId, "Second"));
            var (_, otherStore) = await _app.ApiStoreAsync();
            var clock = Stopwatch.StartNew();
            var fromFirst = new List<HttpStatusCode>();
            for (var i = 0; i < 3; i++)
            {
                fromFirst.Add((await first.GetJsonAsync("/api/v1/warehouses")).Status);
            }
            var fromSecond = new List<ApiResponse>();
            for (var i = 0; i < 3; i++)
            {
                fromSecond.Add(await second.GetJsonAsync("/api/v1/warehouses"));
            }
            var elapsed = clock.Elapsed;
            var elsewhere = await otherStore.GetJsonAsync("/api/v1/warehouses");
            return (elapsed, (fromFirst, fromSecond, elsewhere));
        });
        var (_, otherStore) = await _app.ApiStoreAsync();

        fromFirst.Should().OnlyContain(s => s == HttpStatusCode.OK);
        fromSecond.Should().Contain(r => r.Status == HttpStatusCode.TooManyRequests,
            "the store's 4 requests are spent, though this key has made fewer than its own 10");
        elsewhere.Status.Should().Be(HttpStatusCode.OK, "another store has its own budget");

        var guesses = new List<ApiResponse>();
        for (var i = 0; i < 7; i++)
        {
            guesses.Add(await _app.ApiClient(ApiKey.Create("guess", null, DateTimeOffset.UtcNow).Secret).GetJsonAsync("/api/v1/warehouses"));
        }
        var validAfter = await otherStore.GetJsonAsync("/api/v1/warehouses");

        guesses.Take(5).Should().OnlyContain(g => g.Status == HttpStatusCode.Unauthorized);
        guesses.Skip(5).Should().OnlyContain(g => g.Status == HttpStatusCode.TooManyRequests);
        guesses[^1].MediaType.Should().Be("application/problem+json");
        validAfter.Status.Should().Be(HttpStatusCode.TooManyRequests, "the address is shut out for the rest of the minute, whatever key it sends");
    }
}
