using System.Net;
using CodRocket.Stock.Testing;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>What a storefront needs to keep its orders and stock in step: order lookup, cursor paging, updatedSince.</summary>
public class ApiOrderSyncTests(StockApp app)
{
    private static string Order(string? reference, int quantity = 1, string warehouse = "CAS") => $$"""
        {"warehouse":"{{warehouse}}","customer":{"name":"Salma Bennani","phone":"+212 661 000 111","city":"Casablanca"},
         "externalReference":{{(reference is null ? "null" : $"\"{reference}\"")}},"lines":[{"sku":"LMP-1","quantity":{{quantity}}}]}
        """;

    private async Task<HttpClient> StoreAsync(int stock = 100)
    {
        var (store, client) = await app.ApiStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddWarehouseAsync(store.TenantId, "RAK");
        await app.AddProductAsync(store.TenantId, "LMP-1", threshold: 2, (cas, stock));
        return client;
    }

    [Fact]
    public async Task A_duplicate_external_reference_answers_409_with_the_existing_order()
    {
        var client = await StoreAsync();
        var first = await client.PostJsonAsync("/api/v1/orders", Order("SHOP-1001"));

        var again = await client.PostJsonAsync("/api/v1/orders", Order("SHOP-1001", quantity: 2));

        first.Status.Should().Be(HttpStatusCode.Created, first.ToString());
        again.Status.Should().Be(HttpStatusCode.Conflict, again.ToString());
        again.Json["orderId"]!.GetValue<Guid>().Should().Be(first.Json["id"]!.GetValue<Guid>());
        var listed = await client.GetJsonAsync("/api/v1/orders?externalReference=SHOP-1001");
        listed.Json["items"]!.AsArray().Should().ContainSingle();
    }

    [Fact]
    public async Task Two_parallel_creates_with_one_reference_make_one_order_and_one_409()
    {
        var client = await StoreAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => client.PostJsonAsync("/api/v1/orders", Order("SHOP-2002"))));

        answers.Select(a => a.Status).Should().BeEquivalentTo([HttpStatusCode.Created, HttpStatusCode.Conflict], string.Join("\n", answers.Select(a => a.ToString())));
        var created = answers.Single(a => a.Status == HttpStatusCode.Created);
        answers.Single(a => a.Status == HttpStatusCode.Conflict).Json["orderId"]!.GetValue<Guid>().Should().Be(created.Json["id"]!.GetValue<Guid>());
        (await client.GetJsonAsync("/api/v1/orders")).Json["items"]!.AsArray().Should().ContainSingle();
    }

    [Fact]
    public async Task Orders_are_listed_by_last_change_with_a_cursor_and_filters()
    {
        var client = await StoreAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await client.PostJsonAsync("/api/v1/orders", Order($"SHOP-{i}"))).Json["id"]!.GetValue<Guid>());
        }
        var start = DateTimeOffset.UtcNow;
        await client.PostJsonAsync($"/api/v1/orders/{ids[1]}/confirm", "{}");

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.GetJsonAsync($"/api/v1/orders?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            page.Status.Should().Be(HttpStatusCode.OK, page.ToString());
            seen.AddRange(page.Json["items"]!.AsArray().Select(o => o!["id"]!.GetValue<Guid>()));
            cursor = page.Json["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null && pages < 10);
        var confirmed = await client.GetJsonAsync("/api/v1/orders?status=confirmed");
        var changed = await client.GetJsonAsync($"/api/v1/orders?updatedSince={Uri.EscapeDataString(start.ToString("O"))}");
        var inRak = await client.GetJsonAsync("/api/v1/orders?warehouse=RAK");
        var unknownWarehouse = await client.GetJsonAsync("/api/v1/orders?warehouse=NOPE");
        var badCursor = await client.GetJsonAsync("/api/v1/orders?cursor=not-a-cursor");
        var badStatus = await client.GetJsonAsync("/api/v1/orders?status=lost");

        seen.Should().Equal(ids[0], ids[2], ids[3], ids[4], ids[1]);
        pages.Should().Be(3);
        confirmed.Json["items"]!.AsArray().Select(o => o!["id"]!.GetValue<Guid>()).Should().Equal(ids[1]);
        changed.Json["items"]!.AsArray().Select(o => o!["id"]!.GetValue<Guid>()).Should().Equal(ids[1]);
        inRak.Json["items"]!.AsArray().Should().BeEmpty();
        inRak.Json["nextCursor"].Should().BeNull();
        unknownWarehouse.Status.Should().Be(HttpStatusCode.NotFound);
        badCursor.ErrorFields.Should().Equal("cursor");
        badStatus.ErrorFields.Should().Equal("status");
    }

    [Fact]
    public async Task Products_and_stock_levels_take_updated_since()
    {
        var client = await StoreAsync();
        await client.PostJsonAsync("/api/v1/products", """{"sku":"MUG-1","name":"Mug"}""");
        var start = DateTimeOffset.UtcNow;
        await client.PostJsonAsync("/api/v1/stock/movements", """{"sku":"LMP-1","warehouse":"RAK","type":"receipt","quantity":3}""");

        var since = Uri.EscapeDataString(start.ToString("O"));
        var products = await client.GetJsonAsync($"/api/v1/products?updatedSince={since}");
        var levels = await client.GetJsonAsync($"/api/v1/stock?updatedSince={since}");
        var bad = await client.GetJsonAsync("/api/v1/stock?updatedSince=yesterday");

        products.Json["items"]!.AsArray().Select(p => p!["sku"]!.GetValue<string>()).Should().Equal("LMP-1");
        levels.Json["items"]!.AsArray().Select(l => $"{l!["sku"]} {l["warehouse"]}").Should().Equal("LMP-1 RAK");
        bad.Status.Should().Be(HttpStatusCode.BadRequest);
        bad.ErrorFields.Should().Equal("updatedSince");
    }
}
