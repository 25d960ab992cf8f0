using System.Net;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Inventory;

/// <summary>A count below what orders reserved says what it does to them and needs confirming; under Block, forcing.</summary>
public class CountBelowReservedTests(StockApp app)
{
    private async Task<(TestStore Store, HttpClient Api, Guid Product, Guid Warehouse)> ReservedAsync(OutOfStockPolicy policy)
    {
        var (store, api) = await app.ApiStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "LMP-1", threshold: 1, (cas, 10));
        await app.SetPolicyAsync(store.TenantId, product, policy);
        (await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(cas, ("LMP-1", 6)))).Should().BeOfType<CodRocket.Stock.Orders.PlaceOrderResult.Placed>();
        return (store, api, product, cas);
    }

    private static string Count(int quantity, bool? force = null) =>
        $$"""{"sku":"LMP-1","warehouse":"CAS","type":"adjustment","quantity":{{quantity}}{{(force is { } f ? $",\"force\":{f.ToString().ToLowerInvariant()}" : "")}}}""";

    [Fact]
    public async Task Under_Block_the_API_refuses_a_count_below_reserved_with_409_unless_forced()
    {
        var (store, api, product, cas) = await ReservedAsync(OutOfStockPolicy.Block);

        var refused = await api.PostJsonAsync("/api/v1/stock/movements", Count(4), Guid.NewGuid().ToString());

        refused.Status.Should().Be(HttpStatusCode.Conflict, refused.ToString());
        refused.Json["reserved"]!.GetValue<int>().Should().Be(6);
        refused.Json["detail"]!.GetValue<string>().Should().Contain("leaves 2 reserved units without stock").And.Contain("force");
        (await app.LevelAsync(store.TenantId, product, cas))!.OnHand.Should().Be(10);

        var forced = await api.PostJsonAsync("/api/v1/stock/movements", Count(4, force: true), Guid.NewGuid().ToString());
        forced.Status.Should().Be(HttpStatusCode.Created, forced.ToString());
        (await app.LevelAsync(store.TenantId, product, cas))!.OnHand.Should().Be(4);
        (await api.PostJsonAsync("/api/v1/stock/movements",
            """{"sku":"LMP-1","warehouse":"CAS","type":"receipt","quantity":1,"force":true}""", Guid.NewGuid().ToString())).Status
            .Should().Be(HttpStatusCode.BadRequest, "force is for counts only");
    }

    [Fact]
    public async Task Under_warning_only_the_API_records_the_count()
    {
        var (store, api, product, cas) = await ReservedAsync(OutOfStockPolicy.Warn);

        var counted = await api.PostJsonAsync("/api/v1/stock/movements", Count(4), Guid.NewGuid().ToString());

        counted.Status.Should().Be(HttpStatusCode.Created, counted.ToString());
        (await app.LevelAsync(store.TenantId, product, cas))!.OnHand.Should().Be(4);
    }

    [Theory]
    [InlineData(OutOfStockPolicy.Block, "Force the count anyway")]
    [InlineData(OutOfStockPolicy.Backorder, "Record the count anyway")]
    public async Task The_count_page_says_what_the_count_does_to_reserved_orders_and_records_it_only_when_confirmed(OutOfStockPolicy policy, string confirm)
    {
        var (store, _, product, cas) = await ReservedAsync(policy);
        using var client = await app.SignInAsync(store);
        var url = $"/inventory/products/{product}/adjust";
        Dictionary<string, string> Fields() => new()
        {
            ["Input.WarehouseId"] = cas.ToString(), ["Input.CountedQuantity"] = "4", ["Input.Reason"] = "Count",
        };

        var asked = await client.PostFormAsync(url, Fields());

        asked.Status.Should().Be(HttpStatusCode.OK);
        asked.Document.QuerySelector("[data-testid=count-shortfall]")!.TextContent
            .Should().Contain("Orders have reserved 6 units of LMP-1 in CAS: counting 4 leaves 2 reserved units without stock").And.Contain(confirm);
        (await app.LevelAsync(store.TenantId, product, cas))!.OnHand.Should().Be(10);

        var fields = Fields();
        fields["Input.Confirm"] = "true";
        var confirmed = await client.PostFormAsync(url, fields);

        confirmed.Status.Should().Be(HttpStatusCode.Redirect);
        (await app.LevelAsync(store.TenantId, product, cas))!.OnHand.Should().Be(4);
        (await app.InDbAsync(store.TenantId, db => db.StockMovements.CountAsync(m => m.OnHandDelta == -6))).Should().Be(1);
    }
}
