using System.Net;
using System.Text.Json.Nodes;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>Orders through /api/v1/orders: the same service as the order form, so policies and stock behave identically.</summary>
public class ApiOrderTests(StockApp app)
{
    private static string Order(string sku, int quantity, bool? acknowledge = null, string warehouse = "CAS") => $$"""
        {"warehouse":"{{warehouse}}","customer":{"name":"Salma Bennani","phone":"+212 661 000 111","city":"Casablanca","address":"5 rue Atlas"},
         "externalReference":null,"lines":[{"sku":"{{sku}}","quantity":{{quantity}}}]{{(acknowledge is { } a ? $",\"acknowledgeWarning\":{a.ToString().ToLowerInvariant()}" : "")}}}
        """;

    [Fact]
    public async Task An_order_is_created_read_and_walked_through_its_life_with_the_stock_following()
    {
        var (store, client) = await app.ApiStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var lamp = await app.AddProductAsync(store.TenantId, "LMP-1", threshold: 2, (cas, 10));

        var created = await client.PostJsonAsync("/api/v1/orders", Order("LMP-1", 4));

        created.Status.Should().Be(HttpStatusCode.Created, created.ToString());
        var id = created.Json["id"]!.GetValue<Guid>();
        created.Location.Should().Be($"/api/v1/orders/{id}");
        created.Json["number"]!.GetValue<long>().Should().BePositive();
        created.Json["status"]!.GetValue<string>().Should().Be("new");
        created.Json["warehouse"]!.GetValue<string>().Should().Be("CAS");
        created.Json["customer"]!["city"]!.GetValue<string>().Should().Be("Casablanca");
        var line = created.Json["lines"]![0]!;
        (line["sku"]!.GetValue<string>(), line["quantity"]!.GetValue<int>(), line["reserved"]!.GetValue<int>(), line["backordered"]!.GetValue<int>())
            .Should().Be(("LMP-1", 4, 4, 0));
        (await client.GetJsonAsync($"/api/v1/orders/{id}")).Body.Should().Be(created.Body);
        (await app.LevelAsync(store.TenantId, lamp, cas))!.Reserved.Should().Be(4);

        var notYet = await client.PostJsonAsync($"/api/v1/orders/{id}/ship", "{}");
        notYet.Status.Should().Be(HttpStatusCode.Conflict, "a new order is confirmed before it ships");
        notYet.Json["detail"]!.GetValue<string>().Should().Contain("cannot be Shipped");

        (await client.PostJsonAsync($"/api/v1/orders/{id}/confirm", "{}")).Json["status"]!.GetValue<string>().Should().Be("confirmed");
        var shipped = await client.PostJsonAsync($"/api/v1/orders/{id}/ship", "{}");
        shipped.Json["lines"]![0]!["shipped"]!.GetValue<int>().Should().Be(4);
        var afterShip = await app.LevelAsync(store.TenantId, lamp, cas);
        (afterShip!.OnHand, afterShip.Reserved).Should().Be((6, 0));
        (await client.PostJsonAsync($"/api/v1/orders/{id}/deliver", "{}")).Json["status"]!.GetValue<string>().Should().Be("delivered");
        (await client.PostJsonAsync($"/api/v1/orders/{id}/cancel", "{}")).Status.Should().Be(HttpStatusCode.Conflict);
        (await client.PostJsonAsync($"/api/v1/orders/{id}/return", "{}")).Json["status"]!.GetValue<string>().Should().Be("returned");
        var afterReturn = await app.LevelAsync(store.TenantId, lamp, cas);
        (afterReturn!.OnHand, afterReturn.Reserved).Should().Be((10, 0));
        (await app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("0612345678", "+212612345678")]
    [InlineData("+212 661-000 111", "+212661000111")]
    [InlineData("+33 6 12 34 56 78", "+33612345678")]
    public async Task The_customer_phone_is_checked_and_stored_in_E164_local_numbers_read_in_the_store_region(string typed, string stored)
    {
        var (store, client) = await app.ApiStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "LMP-1", threshold: 2, (cas, 10));

        var created = await client.PostJsonAsync("/api/v1/orders", Order("LMP-1", 1).Replace("+212 661 000 111", typed, StringComparison.Ordinal));

        created.Status.Should().Be(HttpStatusCode.Created, created.ToString());
        created.Json["customer"]!["phone"]!.GetValue<string>().Should().Be(stored);
        (await app.InDbAsync(store.TenantId, db => db.Orders.Select(o => o.CustomerPhone).SingleAsync())).Should().Be(stored);
    }

    [Fact]
    public async Task Block_answers_409_with_the_shortage_per_line_and_stores_nothing()
    {
        var (store, client) = await app.ApiStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "MUG-1", threshold: null, (cas, 3));
        await app.SetPolicyAsync(store.TenantId, product, OutOfStockPolicy.Block);

        var refused = await client.PostJsonAsync("/api/v1/orders", Order("MUG-1", 5, acknowledge: true));

        refused.Status.Should().Be(HttpStatusCode.Conflict, refused.ToString());
        refused.MediaType.Should().Be("application/problem+json");
        var shortage = refused.Json["shortages"]!.AsArray().Should().ContainSingle().Subject!;
        (shortage["line"]!.GetValue<int>(), shortage["sku"]!.GetValue<string>(), shortage["wanted"]!.GetValue<int>(),
            shortage["available"]!.GetValue<int>(), shortage["policy"]!.GetValue<string>()).Should().Be((1, "MUG-1", 5, 3, "block"));
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(0);
        (await app.LevelAsync(store.TenantId, product, cas))!.Reserved.Should().Be(0);
    }

    [Fact]
    public async Task Warning_only_asks_for_acknowledgeWarning_then_oversells()
    {
        var (store, client) = await app.ApiStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "PWB-1", threshold: null, (cas, 2));
        await app.SetPolicyAsync(store.TenantId, product, OutOfStockPolicy.Warn);

        var asked = await client.PostJsonAsync("/api/v1/orders", Order("PWB-1", 5));
        var taken = await client.PostJsonAsync("/api/v1/orders", Order("PWB-1", 5, acknowledge: true));

        asked.Status.Should().Be(HttpStatusCode.Conflict, asked.ToString());
        asked.Json["detail"]!.GetValue<string>().Should().Contain("acknowledgeWarning");
        asked.Json["shortages"]![0]!["policy"]!.GetValue<string>().Should().Be("warn");
        taken.Status.Should().Be(HttpStatusCode.Created, taken.ToString());
        taken.Json["lines"]![0]!["oversold"]!.GetValue<int>().Should().Be(3);
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(1);
        var stock = await client.GetJsonAsync("/api/v1/stock?sku=PWB-1&warehouse=CAS");
        stock.Json["items"]![0]!["available"]!.GetValue<int>().Should().Be(-3);
    }

    [Fact]
    public async Task Backordered_lines_show_in_the_order_and_the_stock_and_a_receipt_over_the_api_fills_them()
    {
        var (store, client) = await app.ApiStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "SPK-1", threshold: null, (cas, 2));
        await app.SetPolicyAsync(store.TenantId, product, OutOfStockPolicy.Backorder);

        var created = await client.PostJsonAsync("/api/v1/orders", Order("SPK-1", 5));
        var id = created.Json["id"]!.GetValue<Guid>();
        var stockBefore = await client.GetJsonAsync("/api/v1/stock?sku=SPK-1");
        var productBefore = await client.GetJsonAsync("/api/v1/products/SPK-1");
        var receipt = await client.PostJsonAsync("/api/v1/stock/movements", """{"sku":"SPK-1","warehouse":"CAS","type":"receipt","quantity":4}""");
        var after = await client.GetJsonAsync($"/api/v1/orders/{id}");

        created.Status.Should().Be(HttpStatusCode.Created, created.ToString());
        created.Json["backordered"]!.GetValue<bool>().Should().BeTrue();
        (created.Json["lines"]![0]!["reserved"]!.GetValue<int>(), created.Json["lines"]![0]!["backordered"]!.GetValue<int>()).Should().Be((2, 3));
        stockBefore.Json["items"]![0]!["backordered"]!.GetValue<int>().Should().Be(3);
        productBefore.Json["backordered"]!.GetValue<int>().Should().Be(3);

        receipt.Status.Should().Be(HttpStatusCode.Created, receipt.ToString());
        var level = receipt.Json["levels"]!.AsArray().Should().ContainSingle().Subject!;
        (level["onHand"]!.GetValue<int>(), level["reserved"]!.GetValue<int>(), level["available"]!.GetValue<int>(), level["backordered"]!.GetValue<int>())
            .Should().Be((6, 5, 1, 0), "the receipt fills the waiting order first, in its transaction");
        after.Json["backordered"]!.GetValue<bool>().Should().BeFalse();
        (after.Json["lines"]![0]!["reserved"]!.GetValue<int>(), after.Json["lines"]![0]!["backordered"]!.GetValue<int>()).Should().Be((5, 0));
        (await app.BackorderMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_retried_order_with_the_same_idempotency_key_is_taken_once()
    {
        var (store, client) = await app.ApiStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "TSH-1", threshold: null, (cas, 50));
        var body = Order("TSH-1", 2);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostJsonAsync("/api/v1/orders", body, "order-7781")));

        attempts.Should().OnlyContain(r => r.Status == HttpStatusCode.Created, string.Join("\n", attempts.Select(a => a.ToString())));
        attempts.Select(r => r.Json["id"]!.GetValue<Guid>()).Distinct().Should().ContainSingle();
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(1);
        (await app.LevelAsync(store.TenantId, product, cas))!.Reserved.Should().Be(2);
    }

    [Fact]
    public async Task An_unknown_or_archived_product_is_named_by_line_and_nothing_is_reserved()
    {
        var (store, client) = await app.ApiStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var kept = await app.AddProductAsync(store.TenantId, "KEEP-1", threshold: null, (cas, 5));
        var old = await app.AddProductAsync(store.TenantId, "OLD-1", threshold: null, (cas, 5));
        await app.InDbAsync(store.TenantId, db => db.Products.Where(p => p.Id == old)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsArchived, true)));

        var response = await client.PostJsonAsync("/api/v1/orders", """
            {"warehouse":"CAS","customer":{"name":"A","phone":"0612345678","city":"Fes"},
             "lines":[{"sku":"KEEP-1","quantity":1},{"sku":"OLD-1","quantity":1},{"sku":"GONE-9","quantity":1}]}
            """);

        response.Status.Should().Be(HttpStatusCode.BadRequest, response.ToString());
        var errors = response.Json["errors"]!.AsObject();
        errors.Select(e => e.Key).Should().BeEquivalentTo(["lines[1].sku", "lines[2].sku"]);
        errors["lines[1].sku"]![0]!.GetValue<string>().Should().Contain("archived");
        errors["lines[2].sku"]![0]!.GetValue<string>().Should().Contain("GONE-9");
        (await app.LevelAsync(store.TenantId, kept, cas))!.Reserved.Should().Be(0);
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Routes_the_openapi_document_lists_are_exactly_the_routes_the_app_maps()
    {
        using var client = app.ApiClient(null);

        var document = await client.GetJsonAsync("/openapi/v1.json");

        document.Status.Should().Be(HttpStatusCode.OK, document.ToString());
        var documented = document.Json["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {p.Key}"))
            .ToHashSet();
        var mapped = app.ApiRoutes().ToHashSet();
        documented.Should().BeEquivalentTo(mapped);
        documented.Should().Contain(["POST /api/v1/orders", "GET /api/v1/orders/{id}", "POST /api/v1/orders/{id}/confirm",
            "POST /api/v1/orders/{id}/ship", "POST /api/v1/orders/{id}/deliver", "POST /api/v1/orders/{id}/cancel",
            "POST /api/v1/orders/{id}/return"]);
        JsonNode.Parse(document.Body).Should().NotBeNull();
    }
}
