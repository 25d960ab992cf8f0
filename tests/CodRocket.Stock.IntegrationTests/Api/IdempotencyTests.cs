using System.Net;
using CodRocket.Stock.Api;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Api;

public class IdempotencyTests(StockApp app)
{
    private const string Receipt = """{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":5}""";

    private async Task<(TestStore Store, HttpClient Client)> StoreWithProductAsync()
    {
        var (store, client) = await app.ApiStoreAsync();
        await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "SKU-1");
        return (store, client);
    }

    private Task<int> MovementsAsync(Guid tenantId) => app.InDbAsync(tenantId, db => db.StockMovements.CountAsync());

    [Fact]
    public async Task A_retried_post_returns_the_first_response_and_writes_one_movement()
    {
        var (store, client) = await StoreWithProductAsync();

        var first = await client.PostJsonAsync("/api/v1/stock/movements", Receipt, "receipt-0001");
        var retry = await client.PostJsonAsync("/api/v1/stock/movements", Receipt, "receipt-0001");

        first.Status.Should().Be(HttpStatusCode.Created, first.ToString());
        first.Replayed.Should().BeFalse();
        retry.Status.Should().Be(first.Status);
        retry.MediaType.Should().Be(first.MediaType);
        retry.Body.Should().Be(first.Body);
        retry.Replayed.Should().BeTrue();
        (await MovementsAsync(store.TenantId)).Should().Be(1);
        (await app.LevelAsync(store.TenantId, await ProductIdAsync(store.TenantId), await WarehouseIdAsync(store.TenantId)))!.OnHand.Should().Be(5);
    }

    [Fact]
    public async Task A_retried_create_replays_its_location_and_creates_one_row()
    {
        var (store, client) = await app.ApiStoreAsync();
        const string body = """{"code":"TNG","name":"Tangier"}""";

        var first = await client.PostJsonAsync("/api/v1/warehouses", body, "wh-tng");
        var retry = await client.PostJsonAsync("/api/v1/warehouses", body, "wh-tng");

        first.Status.Should().Be(HttpStatusCode.Created);
        retry.Status.Should().Be(HttpStatusCode.Created, "a replay is the first answer, not a 409 for the code now taken");
        retry.Location.Should().Be(first.Location);
        retry.Body.Should().Be(first.Body);
        (await app.InDbAsync(store.TenantId, db => db.Warehouses.CountAsync())).Should().Be(1);
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_answers_422_and_changes_nothing()
    {
        var (store, client) = await StoreWithProductAsync();
        await client.PostJsonAsync("/api/v1/stock/movements", Receipt, "key-1");

        var other = await client.PostJsonAsync("/api/v1/stock/movements", Receipt.Replace("5", "6", StringComparison.Ordinal), "key-1");
        var otherEndpoint = await client.PostJsonAsync("/api/v1/warehouses", """{"code":"X","name":"X"}""", "key-1");

        other.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
        other.MediaType.Should().Be("application/problem+json");
        otherEndpoint.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await MovementsAsync(store.TenantId)).Should().Be(1);
        (await app.InDbAsync(store.TenantId, db => db.Warehouses.CountAsync())).Should().Be(1);
    }

    [Fact]
    public async Task Concurrent_posts_with_the_same_key_write_once_and_answer_alike()
    {
        var (store, client) = await StoreWithProductAsync();

        for (var round = 0; round < 5; round++)
        {
            var key = $"race-{round}";
            var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
                client.PostJsonAsync("/api/v1/stock/movements", Receipt, key))));

            responses.Should().OnlyContain(r => r.Status == HttpStatusCode.Created, $"round {round}");
            responses.Select(r => r.Body).Distinct().Should().ContainSingle($"round {round}");
            responses.Count(r => !r.Replayed).Should().Be(1, $"round {round}");
            (await MovementsAsync(store.TenantId)).Should().Be(round + 1, $"round {round}");
        }
        (await app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_refusal_is_kept_and_replayed_but_a_malformed_request_does_not_use_up_its_key()
    {
        var (store, client) = await StoreWithProductAsync();
        const string transfer = """{"sku":"SKU-1","warehouse":"CAS","type":"transfer","quantity":3,"toWarehouse":"RAK"}""";
        await app.AddWarehouseAsync(store.TenantId, "RAK");

        var refused = await client.PostJsonAsync("/api/v1/stock/movements", transfer, "transfer-1");
        await client.PostJsonAsync("/api/v1/stock/movements", Receipt);
        var replayed = await client.PostJsonAsync("/api/v1/stock/movements", transfer, "transfer-1");
        var malformed = await client.PostJsonAsync("/api/v1/stock/movements", """{"sku":""", "fix-me");
        var fixedUp = await client.PostJsonAsync("/api/v1/stock/movements", Receipt, "fix-me");

        refused.Status.Should().Be(HttpStatusCode.Conflict);
        replayed.Status.Should().Be(HttpStatusCode.Conflict, "the first answer stands even though stock arrived since");
        replayed.Body.Should().Be(refused.Body);
        malformed.Status.Should().Be(HttpStatusCode.BadRequest);
        fixedUp.Status.Should().Be(HttpStatusCode.Created);
        (await MovementsAsync(store.TenantId)).Should().Be(2);
        (await app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task Keys_belong_to_their_store_and_expire_after_24_hours()
    {
        var (a, clientA) = await StoreWithProductAsync();
        var (b, clientB) = await StoreWithProductAsync();

        var fromA = await clientA.PostJsonAsync("/api/v1/stock/movements", Receipt, "shared-key");
        var fromB = await clientB.PostJsonAsync("/api/v1/stock/movements", Receipt, "shared-key");
        await app.InDbAsync(a.TenantId, db => db.IdempotentRequests.ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, r => r.CreatedAt.AddHours(-25))));
        var afterExpiry = await clientA.PostJsonAsync("/api/v1/stock/movements", Receipt, "shared-key");
        await app.InDbAsync(b.TenantId, db => db.IdempotentRequests.ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, r => r.CreatedAt.AddHours(-25))));
        var swept = await app.InStoreAsync(Guid.Empty, services =>
            IdempotencyStore.DeleteExpiredAsync(services.GetRequiredService<CodRocket.Stock.Data.StockDbContext>(), DateTimeOffset.UtcNow, CancellationToken.None));

        fromA.Replayed.Should().BeFalse();
        fromB.Replayed.Should().BeFalse("another store's key of the same name is another key");
        afterExpiry.Replayed.Should().BeFalse();
        (await MovementsAsync(a.TenantId)).Should().Be(2);
        (await MovementsAsync(b.TenantId)).Should().Be(1);
        swept.Should().BeGreaterThanOrEqualTo(1);
        (await app.InDbAsync(b.TenantId, db => db.IdempotentRequests.CountAsync())).Should().Be(0);
        (await app.InDbAsync(a.TenantId, db => db.IdempotentRequests.CountAsync())).Should().Be(1, "A's key was claimed afresh");
    }

    private Task<Guid> ProductIdAsync(Guid tenantId) => app.InDbAsync(tenantId, db => db.Products.Select(p => p.Id).SingleAsync());

    private Task<Guid> WarehouseIdAsync(Guid tenantId) => app.InDbAsync(tenantId, db => db.Warehouses.Select(w => w.Id).SingleAsync());
}
