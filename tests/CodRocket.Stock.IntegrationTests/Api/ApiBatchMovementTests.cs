using System.Net;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>POST /api/v1/stock/movements/batch: up to 500 movements in one unit of work, all or none.</summary>
public class ApiBatchMovementTests(StockApp app)
{
    private const int Products = 50;

    private static string Batch(IEnumerable<string> movements) => $$"""{"movements":[{{string.Join(',', movements)}}]}""";

    private static string Receipt(int product, string warehouse, int quantity) =>
        $$"""{"sku":"B-{{product:D3}}","warehouse":"{{warehouse}}","type":"receipt","quantity":{{quantity}}}""";

    /// <summary>500 receipts: 10 per product, alternating warehouses, 1 to 7 units each.</summary>
    private static List<(int Product, string Warehouse, int Quantity)> FiveHundredReceipts() =>
        Enumerable.Range(0, 500).Select(i => (i % Products, i / Products % 2 == 0 ? "CAS" : "RAK", i % 7 + 1)).ToList();

    private async Task<(TestStore Store, HttpClient Client, Guid Cas, Guid Rak)> StoreAsync()
    {
        var (store, client) = await app.ApiStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var rak = await app.AddWarehouseAsync(store.TenantId, "RAK");
        for (var p = 0; p < Products; p++)
        {
            await app.AddProductAsync(store.TenantId, $"B-{p:D3}", threshold: 3);
        }
        return (store, client, cas, rak);
    }

    private Task<Dictionary<(string Sku, Guid Warehouse), int>> OnHandAsync(Guid tenantId) =>
        app.InDbAsync(tenantId, db => db.StockLevels.AsNoTracking()
            .Join(db.Products, s => s.ProductId, p => p.Id, (s, p) => new { p.Sku, s.WarehouseId, s.OnHand })
            .Where(x => x.OnHand != 0)
            .ToDictionaryAsync(x => (x.Sku, x.WarehouseId), x => x.OnHand));

    [Fact]
    public async Task A_batch_of_500_applies_exactly()
    {
        var (store, client, cas, rak) = await StoreAsync();
        var receipts = FiveHundredReceipts();

        var answer = await client.PostJsonAsync("/api/v1/stock/movements/batch",
            Batch(receipts.Select(r => Receipt(r.Product, r.Warehouse, r.Quantity))), idempotencyKey: "shipment-42");
        var again = await client.PostJsonAsync("/api/v1/stock/movements/batch",
            Batch(receipts.Select(r => Receipt(r.Product, r.Warehouse, r.Quantity))), idempotencyKey: "shipment-42");

        answer.Status.Should().Be(HttpStatusCode.Created, answer.ToString());
        answer.Json["applied"]!.GetValue<int>().Should().Be(500);
        answer.Json["levels"]!.AsArray().Should().HaveCount(Products * 2);
        again.Replayed.Should().BeTrue();
        var expected = receipts.GroupBy(r => ($"B-{r.Product:D3}", r.Warehouse == "CAS" ? cas : rak)).ToDictionary(g => g.Key, g => g.Sum(r => r.Quantity));
        (await OnHandAsync(store.TenantId)).Should().BeEquivalentTo(expected);
        var level = answer.Json["levels"]!.AsArray().Single(l => l!["sku"]!.GetValue<string>() == "B-000" && l["warehouse"]!.GetValue<string>() == "CAS")!;
        level["onHand"]!.GetValue<int>().Should().Be(expected[("B-000", cas)]);
    }

    [Fact]
    public async Task A_batch_of_500_with_one_line_short_of_stock_changes_nothing_and_names_the_line()
    {
        var (store, client, _, _) = await StoreAsync();
        var movements = FiveHundredReceipts().Select(r => Receipt(r.Product, r.Warehouse, r.Quantity)).ToList();
        // B-007 receives at most 70 units in CAS in this batch: moving 1,000 from there is refused by the ledger.
        movements[321] = """{"sku":"B-007","warehouse":"CAS","type":"transfer","quantity":1000,"toWarehouse":"RAK"}""";

        var answer = await client.PostJsonAsync("/api/v1/stock/movements/batch", Batch(movements));

        answer.Status.Should().Be(HttpStatusCode.Conflict, answer.ToString());
        answer.Json["index"]!.GetValue<int>().Should().Be(321);
        answer.Json["field"]!.GetValue<string>().Should().Be("movements[321]");
        answer.Json["requested"]!.GetValue<int>().Should().Be(1000);
        (await OnHandAsync(store.TenantId)).Should().BeEmpty();
        (await app.InDbAsync(store.TenantId, db => db.StockMovements.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task A_batch_of_500_with_one_invalid_line_changes_nothing_and_names_each_bad_field()
    {
        var (store, client, _, _) = await StoreAsync();
        var movements = FiveHundredReceipts().Select(r => Receipt(r.Product, r.Warehouse, r.Quantity)).ToList();
        movements[17] = """{"sku":"B-001","warehouse":"CAS","type":"receipt","quantity":0}""";
        movements[499] = """{"sku":"NOPE","warehouse":"XXX","type":"receipt","quantity":1}""";

        var invalid = await client.PostJsonAsync("/api/v1/stock/movements/batch", Batch(movements));
        movements[17] = Receipt(1, "CAS", 1);
        var unknown = await client.PostJsonAsync("/api/v1/stock/movements/batch", Batch(movements));
        var tooMany = await client.PostJsonAsync("/api/v1/stock/movements/batch", Batch(Enumerable.Repeat(Receipt(1, "CAS", 1), 501)));

        invalid.Status.Should().Be(HttpStatusCode.BadRequest, invalid.ToString());
        invalid.ErrorFields.Should().Equal("movements[17].quantity");
        unknown.Status.Should().Be(HttpStatusCode.BadRequest, unknown.ToString());
        unknown.ErrorFields.Should().BeEquivalentTo("movements[499].sku", "movements[499].warehouse");
        tooMany.Status.Should().Be(HttpStatusCode.BadRequest, tooMany.ToString());
        tooMany.ErrorFields.Should().Equal("movements");
        (await OnHandAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_batch_that_empties_many_products_opens_their_alerts_in_one_unit_of_work()
    {
        var (_, client, _, _) = await StoreAsync();
        await client.PostJsonAsync("/api/v1/stock/movements/batch",
            Batch(Enumerable.Range(0, Products).Select(p => Receipt(p, "CAS", 10))));

        var counted = await client.PostJsonAsync("/api/v1/stock/movements/batch", Batch(Enumerable.Range(0, Products)
            .Select(p => $$"""{"sku":"B-{{p:D3}}","warehouse":"CAS","type":"adjustment","quantity":{{p % 2}}}""")));

        counted.Status.Should().Be(HttpStatusCode.Created, counted.ToString());
        var alerts = await client.GetJsonAsync("/api/v1/alerts?pageSize=100");
        alerts.Json["total"]!.GetValue<int>().Should().Be(Products);
        counted.Json["levels"]!.AsArray().Select(l => l!["status"]!.GetValue<string>()).Distinct().Should().BeEquivalentTo("out", "ok");
    }
}
