using System.Net;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>
/// A node remembers what a movement's SKU and warehouse codes named (MovementTargetCache): the next movement skips the
/// lookup's round trip, and the ledger checks the names on the rows it locks. Renamed, re-used or removed since —
/// straight in the database, as another node would — the names are asked anew and the movement lands on the row they
/// name now; never on the row they used to name, and never on another store's.
/// </summary>
public class MovementTargetCacheTests(StockApp app)
{
    private const string Movements = "/api/v1/stock/movements";

    [Fact]
    public async Task A_remembered_sku_and_code_cost_no_lookup_a_receipt_is_two_round_trips()
    {
        // The server runs in the test's execution context, so the statement counter sees the request's statements.
        await using var node = app.WithWebHostBuilder(b => b.UseTestServer(o => o.PreserveExecutionContext = true));
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "RT-2", 5, (warehouse, 20));
        await app.InDbAsync(store.TenantId, db => db.StockLevels.Where(s => s.ProductId == product)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.LowStockThreshold, 30)));
        using var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await app.CreateApiKeyAsync(store.TenantId));
        const string Receipt = """{"sku":"rt-2","warehouse":"cas","type":"receipt","quantity":1}""";

        List<IReadOnlyList<string>> cold, warm;
        ApiResponse answer;
        using (var counter = SqlStatementCounter.Start())
        {
            (await client.PostJsonAsync(Movements, Receipt)).Status.Should().Be(HttpStatusCode.Created);
            cold = [.. counter.RequestRoundTrips];
        }
        using (var counter = SqlStatementCounter.Start())
        {
            answer = await client.PostJsonAsync(Movements, Receipt);
            warm = [.. counter.RequestRoundTrips];
        }

        answer.Status.Should().Be(HttpStatusCode.Created, answer.Body);
        cold.Should().Contain(trip => trip.Any(s => s.Contains("FROM products p WHERE", StringComparison.Ordinal)), "the first movement looks its names up");
        warm.SelectMany(t => t).Should().NotContain(s => s.Contains("FROM products p WHERE", StringComparison.Ordinal), "the node remembers them");
        warm.SelectMany(t => t).Should().NotContain(s => s.Contains("FROM api_keys", StringComparison.Ordinal));
        warm.Should().ContainSingle("the ledger's batch (key proof, lock, change, snapshots) is the only one; the commit, not counted, follows it");
        warm[0].Should().Contain(s => s.StartsWith("SELECT id, sku FROM products", StringComparison.Ordinal), "the lock answers the SKU the ledger checks");
        answer.Json["sku"]!.GetValue<string>().Should().Be("RT-2", "the answer names the product as the store spells it");
        var level = answer.Json["levels"]![0]!;
        level["warehouse"]!.GetValue<string>().Should().Be("CAS");
        level["onHand"]!.GetValue<int>().Should().Be(22);
        level["lowStockThreshold"]!.GetValue<int>().Should().Be(30, "the warehouse threshold, read in the change's transaction");
        level["status"]!.GetValue<string>().Should().Be("low");
    }

    [Fact]
    public async Task A_sku_renamed_and_reused_since_it_was_remembered_moves_the_product_that_has_it_now()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var old = await app.AddProductAsync(store.TenantId, "MUG-1", 5, (warehouse, 20));
        using var client = app.ApiClient(await app.CreateApiKeyAsync(store.TenantId));
        (await client.PostJsonAsync(Movements, """{"sku":"MUG-1","warehouse":"CAS","type":"receipt","quantity":1}""")).Status
            .Should().Be(HttpStatusCode.Created, "the node now remembers MUG-1");

        // Another node (or the import) renames the product, and a new product takes the SKU: this node is not told.
        await app.InDbAsync(store.TenantId, db => db.Products.Where(p => p.Id == old).ExecuteUpdateAsync(s => s.SetProperty(p => p.Sku, "MUG-1-OLD")));
        var reused = await app.AddProductAsync(store.TenantId, "MUG-1", 5, (warehouse, 3));

        // With an Idempotency-Key the movement is a savepoint of the request's transaction: the refused try rolls back to it.
        const string Receipt = """{"sku":"MUG-1","warehouse":"CAS","type":"receipt","quantity":4}""";
        var answer = await client.PostJsonAsync(Movements, Receipt, idempotencyKey: "renamed-1");
        var replay = await client.PostJsonAsync(Movements, Receipt, idempotencyKey: "renamed-1");

        answer.Status.Should().Be(HttpStatusCode.Created, answer.Body);
        replay.Status.Should().Be(HttpStatusCode.Created);
        replay.Body.Should().Be(answer.Body, "the stored answer is the one the retried movement gave");
        answer.Json["levels"]![0]!["onHand"]!.GetValue<int>().Should().Be(7);
        (await app.LevelAsync(store.TenantId, reused, warehouse))!.OnHand.Should().Be(7, "the SKU names the new product now");
        (await app.LevelAsync(store.TenantId, old, warehouse))!.OnHand.Should().Be(21, "the renamed product keeps its stock");
        (await app.InDbAsync(store.TenantId, db => db.StockMovements.CountAsync(m => m.ProductId == old))).Should().Be(2,
            "its first receipt and the earlier movement only: the refused attempt left no ledger row");
    }

    [Fact]
    public async Task A_warehouse_code_moved_to_another_warehouse_since_it_was_remembered_moves_stock_there()
    {
        var store = await app.CreateStoreAsync();
        var first = await app.AddWarehouseAsync(store.TenantId, "MAIN");
        var product = await app.AddProductAsync(store.TenantId, "CUP-1", 5, (first, 10));
        using var client = app.ApiClient(await app.CreateApiKeyAsync(store.TenantId));
        (await client.PostJsonAsync(Movements, """{"sku":"CUP-1","warehouse":"MAIN","type":"receipt","quantity":1}""")).Status
            .Should().Be(HttpStatusCode.Created);

        await app.InDbAsync(store.TenantId, db => db.Warehouses.Where(w => w.Id == first).ExecuteUpdateAsync(s => s.SetProperty(w => w.Code, "OLD")));
        var second = await app.AddWarehouseAsync(store.TenantId, "MAIN");

        var transfer = await client.PostJsonAsync(Movements, """{"sku":"CUP-1","warehouse":"OLD","toWarehouse":"MAIN","type":"transfer","quantity":4}""");
        transfer.Status.Should().Be(HttpStatusCode.Created, transfer.Body);
        var receipt = await client.PostJsonAsync(Movements, """{"sku":"CUP-1","warehouse":"MAIN","type":"receipt","quantity":2}""");
        receipt.Status.Should().Be(HttpStatusCode.Created, receipt.Body);

        (await app.LevelAsync(store.TenantId, product, first))!.OnHand.Should().Be(7, "11 less the 4 sent away");
        (await app.LevelAsync(store.TenantId, product, second))!.OnHand.Should().Be(6, "the 4 transferred and the 2 received: MAIN is the new warehouse");
    }

    [Fact]
    public async Task A_product_removed_since_it_was_remembered_is_not_found_and_another_store_never_gets_this_stores_rows()
    {
        var store = await app.CreateStoreAsync();
        var other = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var otherWarehouse = await app.AddWarehouseAsync(other.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "TEA-1", 5, (warehouse, 10));
        var otherProduct = await app.AddProductAsync(other.TenantId, "TEA-1", 5, (otherWarehouse, 1));
        using var client = app.ApiClient(await app.CreateApiKeyAsync(store.TenantId));
        using var otherClient = app.ApiClient(await app.CreateApiKeyAsync(other.TenantId));
        const string Receipt = """{"sku":"TEA-1","warehouse":"CAS","type":"receipt","quantity":1}""";
        (await client.PostJsonAsync(Movements, Receipt)).Status.Should().Be(HttpStatusCode.Created);

        // The same SKU and code from the other store: its own rows, though this node remembers the first store's.
        (await otherClient.PostJsonAsync(Movements, Receipt)).Status.Should().Be(HttpStatusCode.Created);
        (await otherClient.PostJsonAsync(Movements, Receipt)).Status.Should().Be(HttpStatusCode.Created);
        (await app.LevelAsync(other.TenantId, otherProduct, otherWarehouse))!.OnHand.Should().Be(3);
        (await app.LevelAsync(store.TenantId, product, warehouse))!.OnHand.Should().Be(11);

        await app.InDbAsync(store.TenantId, async db =>
        {
            await db.StockMovements.Where(m => m.ProductId == product).ExecuteDeleteAsync();
            await db.StockLevels.Where(s => s.ProductId == product).ExecuteDeleteAsync();
            return await db.Products.Where(p => p.Id == product).ExecuteDeleteAsync();
        });
        var missing = await client.PostJsonAsync(Movements, Receipt);
        missing.Status.Should().Be(HttpStatusCode.NotFound, missing.Body);
        missing.Body.Should().Contain("TEA-1");
    }
}
