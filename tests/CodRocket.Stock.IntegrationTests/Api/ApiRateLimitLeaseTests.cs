using System.Net;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>
/// A busy key's lease of tokens grows (ADR 4, amended): a node asks the shared buckets for 10 tokens at first, then
/// twice as many each time it spent a lease within half a second, so a storefront syncing stock stops paying a round
/// trip (and a queue at its key's gate) every ten requests. The buckets still cap what a take grants.
/// </summary>
public class ApiRateLimitLeaseTests(StockApp app)
{
    [Fact]
    public async Task A_key_spending_its_leases_quickly_is_granted_bigger_ones_and_takes_from_the_buckets_less_often()
    {
        // The server runs in the test's execution context, so the statement counter sees the request's statements.
        await using var node = app.WithWebHostBuilder(b => b.UseTestServer(o => o.PreserveExecutionContext = true));
        var store = await app.CreateStoreAsync();
        using var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await app.CreateApiKeyAsync(store.TenantId));

        var remaining = new List<int>();
        using var counter = SqlStatementCounter.Start();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 0; i < 100; i++)
        {
            using var response = await client.GetAsync(new Uri("/api/v1/warehouses", UriKind.Relative), TestContext.Current.CancellationToken);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            remaining.Add(int.Parse(response.Headers.GetValues("RateLimit-Remaining").Single(), System.Globalization.CultureInfo.InvariantCulture));
        }
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        var takes = counter.RoundTrips.Count(trip => trip.Any(s => s.Contains("rate_limit_take", StringComparison.Ordinal)));

        // Fixed leases of 10 took 10 times for 100 requests; growing ones (10, 20, 40, then what a quarter of the key's
        // bucket of 200 allows) about 5. Only a request slower than 25 ms would keep a lease of 10 from doubling.
        takes.Should().BeInRange(3, 7);
        remaining.Should().OnlyContain(r => r >= 0 && r <= 200, "the headers still describe the key's bucket of 200");
        // At least 100 tokens left the bucket, which refills 50 a second: a loaded machine's slower loop leaves more.
        remaining.Last().Should().BeLessThanOrEqualTo((int)Math.Ceiling(200 - 100 + 50 * seconds),
            $"a hundred requests spent 100 tokens of the bucket's 200 and {seconds:F2} s refilled at most {50 * seconds:F0}");
    }
}
