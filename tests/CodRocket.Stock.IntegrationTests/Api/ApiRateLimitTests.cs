using System.Diagnostics;
using System.Globalization;
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
    public async Task Every_answer_says_the_limit_what_remains_and_when_it_is_full_again()
    {
        // Warm (first requests of a host are slow): the four below must fall within the bucket's one-second refill.
        (await (await _app.ApiStoreAsync()).Client.GetJsonAsync("/api/v1/warehouses")).Status.Should().Be(HttpStatusCode.OK);
        var seen = await RefillTiming.WithinOneSecondAsync(async () =>
        {
            var (_, api) = await _app.ApiStoreAsync();
            using var raw = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var seen = new List<(HttpStatusCode Status, string Limit, int Remaining, int Reset)>();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 4; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(i == 1 ? "/api/v1/products/NO-SUCH-SKU" : "/api/v1/warehouses", UriKind.Relative));
                request.Headers.Authorization = api.DefaultRequestHeaders.Authorization;
                using var response = await raw.SendAsync(request, TestContext.Current.CancellationToken);
                seen.Add((response.StatusCode, response.Headers.GetValues("RateLimit-Limit").Single(),
                    int.Parse(response.Headers.GetValues("RateLimit-Remaining").Single(), CultureInfo.InvariantCulture),
                    int.Parse(response.Headers.GetValues("RateLimit-Reset").Single(), CultureInfo.InvariantCulture)));
            }
            return (clock.Elapsed, seen);
        });

        seen.Select(s => s.Status).Should().Equal(HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.TooManyRequests);
        seen.Should().OnlyContain(s => s.Limit == "3");
        seen.Select(s => s.Remaining).Should().Equal(2, 1, 0, 0);
        seen[0].Reset.Should().Be(1, "one token short of a full bucket refills in a second");
        seen[3].Reset.Should().Be(3, "an empty bucket of 3 refills at 1 a second");
    }

    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_retry_after_while_another_key_is_untouched()
    {
        var (answers, limited, other, anonymous) = await RefillTiming.WithinOneSecondAsync(async () =>
        {
            var (store, busy) = await _app.ApiStoreAsync();
            using var quiet = _app.ApiClient(await _app.CreateApiKeyAsync(store.TenantId, "Quiet"));
            using var raw = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var answers = new List<ApiResponse>();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 6; i++)
            {
                answers.Add(await busy.GetJsonAsync("/api/v1/warehouses"));
            }
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/warehouses", UriKind.Relative));
            request.Headers.Authorization = busy.DefaultRequestHeaders.Authorization;
            using var response = await raw.SendAsync(request, TestContext.Current.CancellationToken);
            var elapsed = clock.Elapsed;
            var limited = (response.StatusCode, response.Headers.RetryAfter?.Delta,
                Limit: response.Headers.GetValues("RateLimit-Limit").Single(), Remaining: response.Headers.GetValues("RateLimit-Remaining").Single());
            var other = await quiet.GetJsonAsync("/api/v1/warehouses");
            var anonymous = await _app.ApiClient(null).GetJsonAsync("/api/v1/warehouses");
            return (elapsed, (answers, limited, other, anonymous));
        });

        answers.Take(3).Should().OnlyContain(a => a.Status == HttpStatusCode.OK);
        answers.Skip(3).Should().Contain(a => a.Status == HttpStatusCode.TooManyRequests);
        var rejected = answers.First(a => a.Status == HttpStatusCode.TooManyRequests);
        rejected.MediaType.Should().Be("application/problem+json");
        rejected.Json["title"]!.GetValue<string>().Should().Be("Too many requests");
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Delta!.Value.TotalSeconds.Should().BeInRange(1, 2);
        limited.Limit.Should().Be("3");
        limited.Remaining.Should().Be("0");
        other.Status.Should().Be(HttpStatusCode.OK, "limits are per key");
        anonymous.Status.Should().Be(HttpStatusCode.Unauthorized, "without a key there is nothing to count: it is refused first");
    }

    [Fact]
    public async Task Bodies_the_api_refuses_before_binding_or_in_it_count_against_the_limit_too()
    {
        // A key holder cannot go around the limit by sending bodies that never reach the endpoint: malformed JSON, a
        // field of the wrong type, an unknown field. Each is answered (400) and counted; the fourth is 429.
        var answers = await RefillTiming.WithinOneSecondAsync(async () =>
        {
            var (_, api) = await _app.ApiStoreAsync();
            var clock = Stopwatch.StartNew();
            var answers = new List<ApiResponse>
            {
                await api.PostJsonAsync("/api/v1/stock/movements", "{\"sku\": "),
                await api.PostJsonAsync("/api/v1/stock/movements", """{"sku": "A", "warehouse": "W", "type": "receipt", "quantity": "five"}"""),
                await api.PostJsonAsync("/api/v1/stock/movements", """{"sku": "A", "warehouse": "W", "type": "receipt", "quantity": 5, "colour": "red"}"""),
                await api.PostJsonAsync("/api/v1/stock/movements", "{\"sku\": "),
            };
            return (clock.Elapsed, answers);
        });

        answers.Take(3).Should().OnlyContain(a => a.Status == HttpStatusCode.BadRequest);
        answers[3].Status.Should().Be(HttpStatusCode.TooManyRequests);
    }
}
