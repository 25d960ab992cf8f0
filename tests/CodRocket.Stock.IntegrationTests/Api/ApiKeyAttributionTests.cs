using System.Net;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>
/// Every stock movement and order an API key makes records the key: in the database, in the API's answer, and on the
/// product's movement history and the order page ("via API key …", by name, even once the key is revoked). What a
/// signed-in person does records no key.
/// </summary>
public class ApiKeyAttributionTests(StockApp app)
{
    private const string OrderJson = """
        {"warehouse":"CAS","customer":{"name":"Salma Bennani","phone":"+212 661 000 111","city":"Casablanca"},
         "lines":[{"sku":"LMP-1","quantity":2}]}
        """;

    [Fact]
    public async Task A_movement_and_an_order_made_with_a_key_carry_its_id_in_the_database_the_answer_and_the_pages()
    {
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var lamp = await app.AddProductAsync(store.TenantId, "LMP-1", threshold: null);
        using var storefront = app.ApiClient(await app.CreateApiKeyAsync(store.TenantId, "Storefront A"));
        using var courier = app.ApiClient(await app.CreateApiKeyAsync(store.TenantId, "Courier B"));
        var (keyA, keyB) = await app.InDbAsync(store.TenantId, async db =>
            (await db.ApiKeys.Where(k => k.Name == "Storefront A").Select(k => k.Id).SingleAsync(),
             await db.ApiKeys.Where(k => k.Name == "Courier B").Select(k => k.Id).SingleAsync()));

        var receipt = await storefront.PostJsonAsync("/api/v1/stock/movements", """{"sku":"LMP-1","warehouse":"CAS","type":"receipt","quantity":10}""");
        var order = await storefront.PostJsonAsync("/api/v1/orders", OrderJson);
        receipt.Status.Should().Be(HttpStatusCode.Created, receipt.ToString());
        order.Status.Should().Be(HttpStatusCode.Created, order.ToString());
        var orderId = order.Json["id"]!.GetValue<Guid>();
        var confirmed = await courier.PostJsonAsync($"/api/v1/orders/{orderId}/confirm", "{}");

        receipt.Json["apiKeyId"]!.GetValue<Guid>().Should().Be(keyA);
        order.Json["apiKeyId"]!.GetValue<Guid>().Should().Be(keyA);
        confirmed.Json["apiKeyId"]!.GetValue<Guid>().Should().Be(keyA, "the order was placed with key A, whoever moves it on");
        (await courier.GetJsonAsync("/api/v1/orders")).Json["items"]![0]!["apiKeyId"]!.GetValue<Guid>().Should().Be(keyA);
        var movements = await app.InDbAsync(store.TenantId, db => db.StockMovements.Where(m => m.ProductId == lamp)
            .OrderBy(m => m.Id).Select(m => new { m.Type, m.ApiKeyId, m.UserId }).ToListAsync());
        movements.Select(m => (m.ApiKeyId, m.UserId)).Should().Equal((keyA, null), (keyA, null)); // the receipt, the reservation
        (await app.InDbAsync(store.TenantId, db => db.Orders.Where(o => o.Id == orderId).Select(o => o.ApiKeyId).SingleAsync())).Should().Be(keyA);
        (await app.InDbAsync(store.TenantId, db => db.OrderEvents.Where(e => e.OrderId == orderId).OrderBy(e => e.Id).Select(e => e.ApiKeyId).ToListAsync()))
            .Should().Equal(keyA, keyB);

        // Revoked, the key still names what it did.
        await app.InDbAsync(store.TenantId, async db =>
        {
            (await db.ApiKeys.SingleAsync(k => k.Id == keyA)).Revoke(null, DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });
        using var owner = await app.SignInAsync(store);
        var product = await owner.GetAsync($"/inventory/products/{lamp}");
        product.Document.QuerySelectorAll("[data-testid=movement-by]").Select(c => c.TextContent.Trim())
            .Should().Equal("via API key “Storefront A”", "via API key “Storefront A”");
        var orderPage = await owner.GetAsync($"/orders/{orderId}");
        orderPage.Document.QuerySelector("[data-testid=order-api-key]")!.TextContent.Should().Contain("via API key “Storefront A”");
        orderPage.Document.QuerySelectorAll("[data-testid=via-api-key]").Select(c => c.TextContent.Trim())
            .Should().Equal("via API key “Storefront A”", "via API key “Courier B”");
    }

    [Fact]
    public async Task A_batch_and_the_webhook_events_of_a_keys_changes_carry_its_id()
    {
        await using var receiver = new WebhookReceiver();
        var store = await app.CreateStoreAsync();
        await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "LMP-1", threshold: null);
        await app.AddWebhookAsync(store.TenantId, receiver.Url, [WebhookEventTypes.StockChanged, WebhookEventTypes.OrderCreated]);
        using var storefront = app.ApiClient(await app.CreateApiKeyAsync(store.TenantId, "Storefront A"));
        var keyA = await app.InDbAsync(store.TenantId, db => db.ApiKeys.Where(k => k.Name == "Storefront A").Select(k => k.Id).SingleAsync());

        var batch = await storefront.PostJsonAsync("/api/v1/stock/movements/batch",
            """{"movements":[{"sku":"LMP-1","warehouse":"CAS","type":"receipt","quantity":10}]}""");
        var order = await storefront.PostJsonAsync("/api/v1/orders", OrderJson);
        await app.DeliverWebhooksAsync(store.TenantId);

        batch.Status.Should().Be(HttpStatusCode.Created, batch.ToString());
        batch.Json["apiKeyId"]!.GetValue<Guid>().Should().Be(keyA);
        order.Status.Should().Be(HttpStatusCode.Created, order.ToString());
        receiver.Received.Select(r => r.Type).Should().Contain([WebhookEventTypes.StockChanged, WebhookEventTypes.OrderCreated]);
        receiver.Received.Should().OnlyContain(r => r.Data["apiKeyId"]!.GetValue<Guid>() == keyA, "each event names the key that made the change");
    }

    [Fact]
    public async Task A_movement_and_an_order_made_by_a_signed_in_person_carry_no_key()
    {
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var lamp = await app.AddProductAsync(store.TenantId, "LMP-1", threshold: null);
        using var owner = await app.SignInAsync(store);

        var received = await owner.PostFormAsync($"/inventory/products/{lamp}/receive",
            new() { ["Input.WarehouseId"] = cas.ToString(), ["Input.Quantity"] = "10" });
        var placed = await owner.PostFormAsync("/orders/create", new()
        {
            ["Input.WarehouseId"] = cas.ToString(), ["Input.CustomerName"] = "Youssef Client", ["Input.Phone"] = "+212 661 000 111",
            ["Input.City"] = "Fès", ["Input.Lines[0].Sku"] = "LMP-1", ["Input.Lines[0].Quantity"] = "2",
        });

        received.Status.Should().Be(HttpStatusCode.Redirect, string.Join("; ", received.ValidationMessages));
        placed.Status.Should().Be(HttpStatusCode.Redirect, string.Join("; ", placed.ValidationMessages));
        (await app.InDbAsync(store.TenantId, db => db.StockMovements.Where(m => m.ProductId == lamp).Select(m => new { m.ApiKeyId, m.UserId }).ToListAsync()))
            .Should().HaveCount(2).And.OnlyContain(m => m.ApiKeyId == null && m.UserId == store.OwnerId);
        var order = await app.InDbAsync(store.TenantId, db => db.Orders.Select(o => new { o.Id, o.ApiKeyId, o.CreatedBy }).SingleAsync());
        (order.ApiKeyId, order.CreatedBy).Should().Be((null, store.OwnerId));
        (await app.InDbAsync(store.TenantId, db => db.OrderEvents.Select(e => e.ApiKeyId).ToListAsync())).Should().Equal([null]);

        using var api = app.ApiClient(await app.CreateApiKeyAsync(store.TenantId));
        (await api.GetJsonAsync($"/api/v1/orders/{order.Id}")).Json["apiKeyId"].Should().BeNull();
        var product = await owner.GetAsync($"/inventory/products/{lamp}");
        product.Document.QuerySelectorAll("[data-testid=movement-by]").Select(c => c.TextContent.Trim())
            .Should().Equal("Owner " + store.Name, "Owner " + store.Name);
        var orderPage = await owner.GetAsync($"/orders/{order.Id}");
        orderPage.Document.QuerySelector("[data-testid=order-api-key]").Should().BeNull();
        orderPage.Text.Should().NotContain("via API key");
    }
}
