using System.Net;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>Prices through the API: products accept and return them, orders keep the unit price and say what to collect.</summary>
public class ApiPriceTests(StockApp app)
{
    private const string Customer = """{"name":"Amina","phone":"+212661000111","city":"Rabat"}""";

    [Fact]
    public async Task A_product_is_created_patched_and_cleared_with_its_price()
    {
        var (_, client) = await app.ApiStoreAsync();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);

        var created = await client.PostJsonAsync("/api/v1/products", """{"sku":"TAJ-1","name":"Tajine","price":149.5}""");
        var renamed = await client.SendAsync(HttpMethod.Patch, "/api/v1/products/TAJ-1", """{"name":"Tajine 28 cm"}""");
        var repriced = await client.SendAsync(HttpMethod.Patch, "/api/v1/products/TAJ-1", """{"price":1234.5}""");
        var changed = await client.GetJsonAsync($"/api/v1/products?updatedSince={Uri.EscapeDataString(since.ToString("O"))}");
        var cleared = await client.SendAsync(HttpMethod.Patch, "/api/v1/products/TAJ-1", """{"price":null}""");

        created.Status.Should().Be(HttpStatusCode.Created, created.ToString());
        created.Json["price"]!.GetValue<decimal>().Should().Be(149.5m);
        created.Json["currency"]!.GetValue<string>().Should().Be("MAD");
        renamed.Json["price"]!.GetValue<decimal>().Should().Be(149.5m, "a PATCH without price keeps it");
        repriced.Json["price"]!.GetValue<decimal>().Should().Be(1234.5m);
        changed.Json["items"]!.AsArray().Select(p => p!["price"]!.GetValue<decimal>()).Should().Equal(1234.5m);
        cleared.Status.Should().Be(HttpStatusCode.OK, cleared.ToString());
        cleared.Json["price"].Should().BeNull();
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("12.345")]
    [InlineData("1000000000.01")]
    [InlineData("1e20")]
    [InlineData("\"12\"")]
    public async Task A_bad_price_answers_400_and_changes_nothing(string price)
    {
        var (store, client) = await app.ApiStoreAsync();
        await client.PostJsonAsync("/api/v1/products", """{"sku":"TAJ-1","name":"Tajine","price":10}""");

        var create = await client.PostJsonAsync("/api/v1/products", $$"""{"sku":"TAJ-2","name":"Tajine","price":{{price}}}""");
        var patch = await client.SendAsync(HttpMethod.Patch, "/api/v1/products/TAJ-1", $$"""{"price":{{price}}}""");

        foreach (var answer in new[] { create, patch })
        {
            answer.Status.Should().Be(HttpStatusCode.BadRequest, answer.ToString());
            answer.MediaType.Should().Be("application/problem+json");
        }
        (await app.InDbAsync(store.TenantId, db => db.Products.Select(p => new { p.Sku, p.Price }).ToListAsync()))
            .Should().BeEquivalentTo([new { Sku = "TAJ-1", Price = (decimal?)10m }]);
    }

    [Fact]
    public async Task An_order_keeps_its_unit_prices_and_answers_its_total_and_currency()
    {
        var (store, client) = await app.ApiStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "TAJ-1", null, (warehouse, 10));
        await app.AddProductAsync(store.TenantId, "MUG-1", null, (warehouse, 10));
        await client.SendAsync(HttpMethod.Patch, "/api/v1/products/TAJ-1", """{"price":149.5}""");
        await client.SendAsync(HttpMethod.Patch, "/api/v1/products/MUG-1", """{"price":20}""");

        var placed = await client.PostJsonAsync("/api/v1/orders",
            $$"""{"warehouse":"CAS","customer":{{Customer}},"lines":[{"sku":"TAJ-1","quantity":2},{"sku":"MUG-1","quantity":3,"unitPrice":15.25}]}""");
        await client.SendAsync(HttpMethod.Patch, "/api/v1/products/TAJ-1", """{"price":199}""");
        var read = await client.GetJsonAsync($"/api/v1/orders/{placed.Json["id"]!.GetValue<Guid>()}");
        var listed = await client.GetJsonAsync("/api/v1/orders");

        placed.Status.Should().Be(HttpStatusCode.Created, placed.ToString());
        foreach (var order in new[] { placed.Json, read.Json, listed.Json["items"]![0]! })
        {
            order["lines"]!.AsArray().Select(l => l!["unitPrice"]!.GetValue<decimal>()).Should().Equal(149.5m, 15.25m);
            order["total"]!.GetValue<decimal>().Should().Be(2 * 149.5m + 3 * 15.25m);
            order["totalComplete"]!.GetValue<bool>().Should().BeTrue();
            order["currency"]!.GetValue<string>().Should().Be("MAD");
        }
    }

    [Fact]
    public async Task An_order_with_an_unpriced_product_says_its_total_is_incomplete()
    {
        var (store, client) = await app.ApiStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "TAJ-1", null, (warehouse, 10));
        await app.AddProductAsync(store.TenantId, "MUG-1", null, (warehouse, 10));
        await client.SendAsync(HttpMethod.Patch, "/api/v1/products/TAJ-1", """{"price":100}""");

        var placed = await client.PostJsonAsync("/api/v1/orders",
            $$"""{"warehouse":"CAS","customer":{{Customer}},"lines":[{"sku":"TAJ-1","quantity":1},{"sku":"MUG-1","quantity":1}]}""");

        placed.Status.Should().Be(HttpStatusCode.Created, placed.ToString());
        placed.Json["lines"]![1]!["unitPrice"].Should().BeNull();
        placed.Json["total"]!.GetValue<decimal>().Should().Be(100m);
        placed.Json["totalComplete"]!.GetValue<bool>().Should().BeFalse();
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("9.999")]
    [InlineData("1000000001")]
    public async Task A_bad_unit_price_answers_400_and_reserves_nothing(string unitPrice)
    {
        var (store, client) = await app.ApiStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "TAJ-1", null, (warehouse, 10));

        var placed = await client.PostJsonAsync("/api/v1/orders",
            $$"""{"warehouse":"CAS","customer":{{Customer}},"lines":[{"sku":"TAJ-1","quantity":1,"unitPrice":{{unitPrice}}}]}""");

        placed.Status.Should().Be(HttpStatusCode.BadRequest, placed.ToString());
        placed.ErrorFields.Should().Contain("lines[0].unitPrice");
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(0);
        (await app.LevelAsync(store.TenantId, product, warehouse)).Should().Be(new StockLevelRow(10, 0));
    }

    [Fact]
    public void A_price_keeps_two_decimals_and_a_billion_at_most()
    {
        Prices.IsValid(0m).Should().BeTrue();
        Prices.IsValid(1_000_000_000m).Should().BeTrue();
        Prices.IsValid(12.345m).Should().BeFalse();
        Prices.IsValid(-0.01m).Should().BeFalse();
    }
}
