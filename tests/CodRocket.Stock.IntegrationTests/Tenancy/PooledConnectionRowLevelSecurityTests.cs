using System.Net;
using CodRocket.Stock.Api;
using CodRocket.Stock.Data;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CodRocket.Stock.IntegrationTests.Tenancy;

/// <summary>
/// Pooled connections keep their session settings (<c>NoResetOnClose</c>), so with a pool of two every request gets a
/// connection another store's request, an API key look-up (cross-store) or the idempotency sweep (cross-store) just
/// left. Each opener must set the store before its first statement: an idempotent movement's claim that ran on what
/// the previous user left would be refused by the policy (a 500) or written across stores.
/// </summary>
public sealed class PooledConnectionRowLevelSecurityTests : IAsyncLifetime
{
    private readonly TwoConnectionApp _app = new();

    private sealed class TwoConnectionApp : StockApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            var connectionString = new NpgsqlConnectionStringBuilder(builder.GetSetting("ConnectionStrings:Stock")) { MaxPoolSize = 2 };
            builder.UseSetting("ConnectionStrings:Stock", connectionString.ConnectionString);
        }
    }

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Idempotent_movements_of_two_stores_in_parallel_claim_their_keys_in_their_own_store()
    {
        const int rounds = 6;
        const string receipt = """{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":5}""";
        const string refused = """{"sku":"SKU-1","warehouse":"CAS","type":"transfer","quantity":1000,"toWarehouse":"RAK"}""";
        const string unknown = """{"sku":"NO-SUCH-SKU","warehouse":"CAS","type":"receipt","quantity":1}""";
        var stores = new List<(TestStore Store, HttpClient Client)>();
        for (var i = 0; i < 2; i++)
        {
            var (store, client) = await _app.ApiStoreAsync();
            await _app.AddWarehouseAsync(store.TenantId, "CAS");
            await _app.AddWarehouseAsync(store.TenantId, "RAK");
            await _app.AddProductAsync(store.TenantId, "SKU-1");
            stores.Add((store, client));
        }
        using var stop = new CancellationTokenSource();
        var sweeps = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await _app.InStoreAsync(Guid.Empty, services =>
                    IdempotencyStore.DeleteExpiredAsync(services.GetRequiredService<StockDbContext>(), DateTimeOffset.UtcNow, CancellationToken.None));
                await Task.Delay(5, CancellationToken.None);
            }
        }, CancellationToken.None);

        var answers = new List<(string Key, ApiResponse Response)>();
        for (var round = 0; round < rounds; round++)
        {
            // The same key names in both stores, each sent twice at once; a refusal (409, rolled back to the request's
            // savepoint); a 404 before any stock work; a read. An empty key is the read.
            var requests = new (string Key, string Body)[]
            {
                ($"shared-{round}", receipt), ($"shared-{round}", receipt), ($"refused-{round}", refused), ($"unknown-{round}", unknown), ("", ""),
            };
            answers.AddRange(await Task.WhenAll(stores.SelectMany(s => requests.Select(r => Task.Run(async () => (r.Key, r.Key.Length == 0
                ? await s.Client.GetJsonAsync("/api/v1/stock")
                : await s.Client.PostJsonAsync("/api/v1/stock/movements", r.Body, r.Key)))))));
        }
        await stop.CancelAsync();
        await sweeps;

        answers.Where(a => (int)a.Response.Status >= 500).Select(a => $"{a.Key}: {a.Response}").Should().BeEmpty();
        answers.Should().OnlyContain(a => a.Response.Status == (a.Key.Length == 0 ? HttpStatusCode.OK
            : a.Key.StartsWith("shared-", StringComparison.Ordinal) ? HttpStatusCode.Created
            : a.Key.StartsWith("refused-", StringComparison.Ordinal) ? HttpStatusCode.Conflict
            : HttpStatusCode.NotFound));
        foreach (var (store, _) in stores)
        {
            (await _app.InDbAsync(store.TenantId, db => db.StockMovements.CountAsync())).Should().Be(rounds, "each shared key ran once in each store");
            var keys = await _app.AcrossStoresAsync(db => db.IdempotentRequests.IgnoreQueryFilters()
                .Where(r => r.TenantId == store.TenantId).Select(r => r.Key).ToListAsync(CancellationToken.None));
            keys.Should().HaveCount(3 * rounds).And.OnlyHaveUniqueItems();
            (await _app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
        }
    }
}
