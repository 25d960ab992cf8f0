using System.Net;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Inventory;

/// <summary>Receipts that would overflow a stock row or a product's total answer 409 naming the limit; the product stays usable.</summary>
public class StockLimitTests(StockApp app)
{
    private const string Million = "1000000";

    [Fact]
    public async Task Receipts_up_to_the_limit_pass_the_next_answers_409_and_other_warehouses_keep_receiving()
    {
        var (store, client) = await app.ApiStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddWarehouseAsync(store.TenantId, "RAK");
        var product = await app.AddProductAsync(store.TenantId, "BULK-1");
        // Near the bound in one transaction: 99 receipts of a million.
        (await app.ApplyAsync(store.TenantId, Enumerable.Range(0, StockLimits.MaxStock / StockLimits.MaxQuantity - 1)
            .Select(_ => StockChange.Receive(product, cas, StockLimits.MaxQuantity)).ToArray())).Succeeded.Should().BeTrue();
        string Receipt(string warehouse) => $$"""{"sku":"BULK-1","warehouse":"{{warehouse}}","type":"receipt","quantity":{{Million}}}""";

        var last = await client.PostJsonAsync("/api/v1/stock/movements", Receipt("CAS"), Guid.NewGuid().ToString());
        var over = await client.PostJsonAsync("/api/v1/stock/movements", Receipt("CAS"), Guid.NewGuid().ToString());
        var elsewhere = await client.PostJsonAsync("/api/v1/stock/movements", Receipt("RAK"), Guid.NewGuid().ToString());

        last.Status.Should().Be(HttpStatusCode.Created, last.ToString());
        last.Json["levels"]![0]!["onHand"]!.GetValue<int>().Should().Be(StockLimits.MaxStock);
        over.Status.Should().Be(HttpStatusCode.Conflict, over.ToString());
        over.Json["detail"]!.GetValue<string>().Should().Contain("100,000,000");
        over.Json["limit"]!.GetValue<int>().Should().Be(StockLimits.MaxStock);
        elsewhere.Status.Should().Be(HttpStatusCode.Created, elsewhere.ToString());
        var read = await client.GetJsonAsync("/api/v1/products/BULK-1");
        read.Status.Should().Be(HttpStatusCode.OK);
        read.Json["onHand"]!.GetValue<int>().Should().Be(StockLimits.MaxStock + StockLimits.MaxQuantity);
        (await app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_transfer_into_a_full_warehouse_is_refused_with_the_limit_and_moves_nothing()
    {
        var (store, client) = await app.ApiStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var rak = await app.AddWarehouseAsync(store.TenantId, "RAK");
        var product = await app.AddProductAsync(store.TenantId, "BULK-2");
        await app.ApplyAsync(store.TenantId, Enumerable.Range(0, StockLimits.MaxStock / StockLimits.MaxQuantity)
            .Select(_ => StockChange.Receive(product, rak, StockLimits.MaxQuantity)).Append(StockChange.Receive(product, cas, 5)).ToArray());

        var moved = await client.PostJsonAsync("/api/v1/stock/movements",
            """{"sku":"BULK-2","warehouse":"CAS","type":"transfer","quantity":5,"toWarehouse":"RAK"}""", Guid.NewGuid().ToString());

        moved.Status.Should().Be(HttpStatusCode.Conflict, moved.ToString());
        (await app.LevelAsync(store.TenantId, product, cas))!.OnHand.Should().Be(5);
        (await app.LevelAsync(store.TenantId, product, rak))!.OnHand.Should().Be(StockLimits.MaxStock);
    }

    [Fact]
    public async Task Receipts_into_several_warehouses_up_to_the_product_bound_pass_the_next_answers_409_naming_it_and_the_product_stays_usable()
    {
        var (store, client) = await app.ApiStoreAsync();
        var product = await app.AddProductAsync(store.TenantId, "BULK-3");
        // Twenty warehouses at their own bound make the product's bound; the last million arrives through the API.
        var full = new List<Guid>();
        for (var i = 0; i < StockLimits.MaxProductStock / StockLimits.MaxStock; i++)
        {
            full.Add(await app.AddWarehouseAsync(store.TenantId, $"W{i:00}"));
        }
        await app.AddWarehouseAsync(store.TenantId, "SPARE");
        foreach (var warehouse in full)
        {
            var receipts = StockLimits.MaxStock / StockLimits.MaxQuantity - (warehouse == full[^1] ? 1 : 0);
            (await app.ApplyAsync(store.TenantId, Enumerable.Range(0, receipts)
                .Select(_ => StockChange.Receive(product, warehouse, StockLimits.MaxQuantity)).ToArray())).Succeeded.Should().BeTrue();
        }
        string Movement(string warehouse, string type, int quantity) =>
            $$"""{"sku":"BULK-3","warehouse":"{{warehouse}}","type":"{{type}}","quantity":{{quantity}}}""";

        var last = await client.PostJsonAsync("/api/v1/stock/movements", Movement($"W{full.Count - 1:00}", "receipt", StockLimits.MaxQuantity), Guid.NewGuid().ToString());
        // SPARE holds nothing: only the product's bound refuses this single unit.
        var over = await client.PostJsonAsync("/api/v1/stock/movements", Movement("SPARE", "receipt", 1), Guid.NewGuid().ToString());

        last.Status.Should().Be(HttpStatusCode.Created, last.ToString());
        over.Status.Should().Be(HttpStatusCode.Conflict, over.ToString());
        over.Json["detail"]!.GetValue<string>().Should().Contain("2,000,000,000");
        over.Json["productLimit"]!.GetValue<int>().Should().Be(StockLimits.MaxProductStock);
        var read = await client.GetJsonAsync("/api/v1/products/BULK-3");
        read.Status.Should().Be(HttpStatusCode.OK, read.ToString());
        read.Json["onHand"]!.GetValue<int>().Should().Be(StockLimits.MaxProductStock);

        // Still usable: a count lowers one warehouse, and the spare warehouse then receives.
        var counted = await client.PostJsonAsync("/api/v1/stock/movements", Movement("W00", "adjustment", 5), Guid.NewGuid().ToString());
        var received = await client.PostJsonAsync("/api/v1/stock/movements", Movement("SPARE", "receipt", StockLimits.MaxQuantity), Guid.NewGuid().ToString());
        counted.Status.Should().Be(HttpStatusCode.Created, counted.ToString());
        received.Status.Should().Be(HttpStatusCode.Created, received.ToString());
        (await app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    /// <summary>A warehouse with <see cref="StockLimits.MaxStock"/> units waiting on backorder for an auto-backorder product.</summary>
    private async Task<(TestStore Store, Guid Warehouse, Guid Product)> BackorderedToTheBoundAsync(TestStore store, string sku)
    {
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, sku);
        await app.SetPolicyAsync(store.TenantId, product, OutOfStockPolicy.Backorder);
        (await app.ApplyAsync(store.TenantId, Enumerable.Range(0, StockLimits.MaxStock / StockLimits.MaxQuantity)
            .Select(_ => StockChange.ReserveOrBackorder(product, cas, StockLimits.MaxQuantity, Guid.NewGuid())).ToArray())).Succeeded.Should().BeTrue();
        return (store, cas, product);
    }

    private Task<int> BackorderedAsync(Guid tenantId, Guid product, Guid warehouse) =>
        app.InDbAsync(tenantId, db => db.StockLevels.Where(s => s.ProductId == product && s.WarehouseId == warehouse).Select(s => s.Backordered).SingleAsync());

    [Fact]
    public async Task An_auto_backorder_order_past_the_backorder_bound_answers_409_naming_the_limit_and_changes_nothing()
    {
        var (apiStore, client) = await app.ApiStoreAsync();
        var (store, cas, product) = await BackorderedToTheBoundAsync(apiStore, "BACK-1");
        const string order = """
            {"warehouse":"CAS","customer":{"name":"Salma Bennani","phone":"+212 661 000 111","city":"Casablanca"},
             "lines":[{"sku":"BACK-1","quantity":1}]}
            """;

        var refused = await client.PostJsonAsync("/api/v1/orders", order, Guid.NewGuid().ToString());

        refused.Status.Should().Be(HttpStatusCode.Conflict, refused.ToString());
        refused.Json["detail"]!.GetValue<string>().Should().Contain("BACK-1").And.Contain("100,000,000");
        refused.Json["limit"]!.GetValue<int>().Should().Be(StockLimits.MaxStock);
        refused.Json["sku"]!.GetValue<string>().Should().Be("BACK-1");
        (await BackorderedAsync(store.TenantId, product, cas)).Should().Be(StockLimits.MaxStock);
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task An_order_past_the_backorder_bound_shows_the_limit_on_the_order_form()
    {
        var (store, cas, product) = await BackorderedToTheBoundAsync(await app.CreateStoreAsync(), "BACK-2");
        using var client = await app.SignInAsync(store);

        var page = await client.PostFormAsync("/orders/create", new()
        {
            ["Input.WarehouseId"] = cas.ToString(), ["Input.CustomerName"] = "Youssef Client", ["Input.Phone"] = "+212 661 000 111",
            ["Input.City"] = "Fès", ["Input.Lines[0].Sku"] = "BACK-2", ["Input.Lines[0].Quantity"] = "3",
        });

        page.Status.Should().Be(HttpStatusCode.OK);
        page.ValidationMessages.Should().ContainSingle().Which.Should().Contain("BACK-2").And.Contain("100,000,000").And.Contain("nothing was reserved");
        (await BackorderedAsync(store.TenantId, product, cas)).Should().Be(StockLimits.MaxStock);
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task A_return_onto_a_full_shelf_answers_409_naming_the_limit_and_the_order_stays_shipped()
    {
        var (store, client) = await app.ApiStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "RET-1", null, (cas, 10));
        var order = ((PlaceOrderResult.Placed)await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(cas, ("RET-1", 5)))).Order.Id;
        (await client.PostJsonAsync($"/api/v1/orders/{order}/confirm", "{}")).Status.Should().Be(HttpStatusCode.OK);
        (await client.PostJsonAsync($"/api/v1/orders/{order}/ship", "{}")).Status.Should().Be(HttpStatusCode.OK);
        // The shelf refilled to its bound while the parcel travelled back.
        (await app.ApplyAsync(store.TenantId, Enumerable.Range(0, StockLimits.MaxStock / StockLimits.MaxQuantity)
            .Select(i => StockChange.Receive(product, cas, i == 0 ? StockLimits.MaxQuantity - 5 : StockLimits.MaxQuantity)).ToArray())).Succeeded.Should().BeTrue();

        var returned = await client.PostJsonAsync($"/api/v1/orders/{order}/return", "{}");

        returned.Status.Should().Be(HttpStatusCode.Conflict, returned.ToString());
        returned.Json["detail"]!.GetValue<string>().Should().Contain("RET-1").And.Contain("100,000,000");
        returned.Json["limit"]!.GetValue<int>().Should().Be(StockLimits.MaxStock);
        (await client.GetJsonAsync($"/api/v1/orders/{order}")).Json["status"]!.GetValue<string>().Should().Be("shipped");
        (await app.LevelAsync(store.TenantId, product, cas))!.OnHand.Should().Be(StockLimits.MaxStock);
    }
}
