using System.Net;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Web.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>
/// The node's API concurrency gate, on an app of its own with one permit and room for one request to wait: the test
/// holds the permit itself, so what waits and what is turned away is decided, not raced.
/// </summary>
public sealed class ApiConcurrencyGateTests : IAsyncLifetime
{
    private readonly OnePermitApp _app = new();

    private sealed class OnePermitApp : StockApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Api:Concurrency:Permits", "1");
            builder.UseSetting("Api:Concurrency:QueueLimit", "1");
        }
    }

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private ApiConcurrencyGate Gate => _app.Services.GetRequiredService<ApiConcurrencyGate>();

    [Fact]
    public async Task A_request_waits_its_turn_and_one_past_the_queue_gets_503_with_retry_after_and_changes_nothing()
    {
        var (store, client) = await _app.ApiStoreAsync();
        var cas = await _app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await _app.AddProductAsync(store.TenantId, "LMP-1", null, (cas, 10));
        var permit = await Gate.EnterAsync(TestContext.Current.CancellationToken);
        permit.IsAcquired.Should().BeTrue();

        var waiting = client.PostJsonAsync("/api/v1/stock/movements", """{"sku":"LMP-1","warehouse":"CAS","type":"receipt","quantity":5}""");
        await WaitForAsync(() => Gate.Waiting == 1);
        using var raw = _app.ApiClient(null);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/stock/movements", UriKind.Relative))
        {
            Content = new StringContent("""{"sku":"LMP-1","warehouse":"CAS","type":"receipt","quantity":7}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = client.DefaultRequestHeaders.Authorization;
        using var turnedAway = await raw.SendAsync(request, TestContext.Current.CancellationToken);
        var problem = await turnedAway.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        var stillWaiting = !waiting.IsCompleted;
        var onHandWhileHeld = await OnHandAsync(store.TenantId, product);
        permit.Dispose();
        var served = await waiting;

        turnedAway.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, problem);
        turnedAway.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.Should().Contain("Retry-After");
        turnedAway.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(ApiConcurrencyGate.RetryAfterSeconds));
        turnedAway.Headers.Contains("RateLimit-Remaining").Should().BeTrue("the rate limit counted it before the gate turned it away");
        stillWaiting.Should().BeTrue("the permit was held, so the queued request could not run");
        onHandWhileHeld.Should().Be(10, "neither the waiting nor the turned-away receipt did any work");
        served.Status.Should().Be(HttpStatusCode.Created, served.ToString());
        (await OnHandAsync(store.TenantId, product)).Should().Be(15, "the waiting receipt ran once its turn came; the turned-away one never");
        Gate.Waiting.Should().Be(0);
    }

    [Fact]
    public async Task A_client_that_leaves_while_waiting_leaves_the_queue_and_its_place_to_the_next()
    {
        var (_, client) = await _app.ApiStoreAsync();
        var permit = await Gate.EnterAsync(TestContext.Current.CancellationToken);
        using var leaving = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/warehouses", UriKind.Relative));
        request.Headers.Authorization = client.DefaultRequestHeaders.Authorization;
        var gone = client.SendAsync(request, leaving.Token);
        await WaitForAsync(() => Gate.Waiting == 1);

        await leaving.CancelAsync();
        var left = async () => await gone;
        await left.Should().ThrowAsync<OperationCanceledException>();
        await WaitForAsync(() => Gate.Waiting == 0);
        var next = client.GetJsonAsync("/api/v1/warehouses");
        await WaitForAsync(() => Gate.Waiting == 1);
        permit.Dispose();

        (await next).Status.Should().Be(HttpStatusCode.OK, "the queue's one place was free again for the next request");
    }

    [Fact]
    public void The_gate_is_off_unless_an_operator_sets_its_permits()
    {
        new ApiConcurrencyOptions().Permits.Should().Be(0);
        using var off = new ApiConcurrencyGate(Options.Create(new ApiConcurrencyOptions()));
        off.IsOn.Should().BeFalse();
        Gate.IsOn.Should().BeTrue("this app sets one permit");
    }

    private Task<int> OnHandAsync(Guid tenantId, Guid productId) =>
        _app.InDbAsync(tenantId, db => db.StockLevels.Where(s => s.ProductId == productId).Select(s => s.OnHand).SingleAsync());

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition should hold within 20 s");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
