using System.Net;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>
/// A node remembers the keys it found (ApiKeyCache): the next requests skip the lookup's round trip, and their first
/// batch proves the key still in force. Revoked or expired since, by any node or straight in the database, the key is
/// refused at its next request with the 401 an unknown key gets, and nothing that request would have changed is.
/// </summary>
public class ApiKeyCacheTests(StockApp app)
{
    [Fact]
    public async Task A_remembered_key_costs_no_lookup_and_its_check_rides_in_the_first_batch()
    {
        // The server runs in the test's execution context, so the statement counter sees the request's statements.
        await using var node = app.WithWebHostBuilder(b => b.UseTestServer(o => o.PreserveExecutionContext = true));
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "RT-1", 5, (warehouse, 20));
        var key = await app.CreateApiKeyAsync(store.TenantId);
        using var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        const string Receipt = """{"sku":"RT-1","warehouse":"CAS","type":"receipt","quantity":1}""";

        List<IReadOnlyList<string>> cold, warm;
        using (var counter = SqlStatementCounter.Start())
        {
            (await client.PostJsonAsync("/api/v1/stock/movements", Receipt)).Status.Should().Be(HttpStatusCode.Created);
            cold = [.. counter.RequestRoundTrips];
        }
        using (var counter = SqlStatementCounter.Start())
        {
            (await client.PostJsonAsync("/api/v1/stock/movements", Receipt)).Status.Should().Be(HttpStatusCode.Created);
            warm = [.. counter.RequestRoundTrips];
        }

        cold.Should().Contain(trip => trip.Any(s => s.Contains("FROM api_keys", StringComparison.Ordinal)), "the first request looks the key up");
        cold.SelectMany(t => t).Should().NotContain(s => s.Contains("api_key_in_force", StringComparison.Ordinal), "a key just read needs no proof");
        warm.SelectMany(t => t).Should().NotContain(s => s.Contains("FROM api_keys", StringComparison.Ordinal), "the node remembers the key");
        warm[0].Should().Contain(s => s.Contains("api_key_in_force", StringComparison.Ordinal), "the first batch proves the key in force");
        warm.Should().HaveCount(cold.Count - 2,
            "the key's lookup was a round trip of its own (its proof rides in the first batch), and so was the movement's (MovementTargetCacheTests)");
        (await app.LevelAsync(store.TenantId, (await ProductIdAsync(store.TenantId, "RT-1")), warehouse))!.OnHand.Should().Be(22);
    }

    [Theory]
    [InlineData("revoked")]
    [InlineData("expired")]
    public async Task A_remembered_key_revoked_or_expired_in_the_database_is_refused_at_once_and_changes_nothing(string how)
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "RV-1", 5, (warehouse, 20));
        using var client = app.ApiClient(await app.CreateApiKeyAsync(store.TenantId, "storefront"));
        (await client.GetJsonAsync("/api/v1/warehouses")).Status.Should().Be(HttpStatusCode.OK, "the node now remembers the key");

        // Straight in the database, as another node (or an operator) would: this node's memory is not told.
        await app.InDbAsync(store.TenantId, db => db.ApiKeys.Where(k => k.Name == "storefront").ExecuteUpdateAsync(s =>
        {
            if (how == "revoked")
            {
                s.SetProperty(k => k.RevokedAt, DateTimeOffset.UtcNow);
            }
            else
            {
                s.SetProperty(k => k.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1));
            }
        }));

        var refused = await client.PostJsonAsync("/api/v1/stock/movements", """{"sku":"RV-1","warehouse":"CAS","type":"receipt","quantity":5}""");
        refused.Status.Should().Be(HttpStatusCode.Unauthorized, refused.Body);
        refused.MediaType.Should().Be("application/problem+json");
        refused.Body.Should().Contain("valid API key").And.NotContain("CR401", "the database's words stay in the log");
        (await app.LevelAsync(store.TenantId, product, warehouse))!.OnHand.Should().Be(20, "the refusal aborted the request's first batch");
        (await client.GetJsonAsync("/api/v1/warehouses")).Status.Should().Be(HttpStatusCode.Unauthorized, "forgotten, then looked up: still refused");
        (await client.GetJsonAsync("/api/v1/products")).Status.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_remembered_key_refused_inside_an_idempotent_request_stores_no_answer_for_the_retry()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "ID-1", 5, (warehouse, 20));
        using var client = app.ApiClient(await app.CreateApiKeyAsync(store.TenantId, "storefront"));
        (await client.GetJsonAsync("/api/v1/warehouses")).Status.Should().Be(HttpStatusCode.OK);
        await app.InDbAsync(store.TenantId, db => db.ApiKeys.Where(k => k.Name == "storefront")
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, DateTimeOffset.UtcNow)));

        const string Body = """{"sku":"ID-1","warehouse":"CAS","type":"receipt","quantity":5}""";
        (await client.PostJsonAsync("/api/v1/stock/movements", Body, idempotencyKey: "retry-1")).Status.Should().Be(HttpStatusCode.Unauthorized);
        (await client.PostJsonAsync("/api/v1/stock/movements", Body, idempotencyKey: "retry-1")).Status.Should().Be(HttpStatusCode.Unauthorized);
        (await app.InDbAsync(store.TenantId, db => db.IdempotentRequests.CountAsync())).Should().Be(0);
        (await app.LevelAsync(store.TenantId, product, warehouse))!.OnHand.Should().Be(20);
    }

    private Task<Guid> ProductIdAsync(Guid tenantId, string sku) =>
        app.InDbAsync(tenantId, db => db.Products.Where(p => p.Sku == sku).Select(p => p.Id).SingleAsync());
}
