using System.Net;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>Per-key rate limits, on an app of its own with a tiny bucket (3 at once, then 1 a second).</summary>
public sealed class ApiRateLimitTests : IAsyncLifetime
{
    private readonly TightApp _app = new();

    private sealed class TightApp : StockApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Api:RateLimit:Burst", "3");
            builder.UseSetting("Api:RateLimit:RequestsPerSecond", "1");
        }
    }

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_retry_after_while_another_key_is_untouched()
    {
        var (store, busy) = await _app.ApiStoreAsync();
        using var quiet = _app.ApiClient(await _app.CreateApiKeyAsync(store.TenantId, "Quiet"));
        using var raw = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var answers = new List<ApiResponse>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add(await busy.GetJsonAsync("/api/v1/warehouses"));
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/warehouses", UriKind.Relative));
        request.Headers.Authorization = busy.DefaultRequestHeaders.Authorization;
        using var limited = await raw.SendAsync(request, TestContext.Current.CancellationToken);
        var other = await quiet.GetJsonAsync("/api/v1/warehouses");
        var anonymous = await _app.ApiClient(null).GetJsonAsync("/api/v1/warehouses");

        answers.Take(3).Should().OnlyContain(a => a.Status == HttpStatusCode.OK);
        answers.Skip(3).Should().Contain(a => a.Status == HttpStatusCode.TooManyRequests);
        var rejected = answers.First(a => a.Status == HttpStatusCode.TooManyRequests);
        rejected.MediaType.Should().Be("application/problem+json");
        rejected.Json["title"]!.GetValue<string>().Should().Be("Too many requests");
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 2);
        other.Status.Should().Be(HttpStatusCode.OK, "limits are per key");
        anonymous.Status.Should().Be(HttpStatusCode.Unauthorized, "without a key there is nothing to count: it is refused first");
    }
}
