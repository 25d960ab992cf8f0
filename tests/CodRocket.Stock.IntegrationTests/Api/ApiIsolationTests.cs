using System.Net;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>I5 through the API: a key acts in its own store only.</summary>
public class ApiIsolationTests(StockApp app)
{
    [Fact]
    public async Task A_key_of_store_A_gets_404_for_store_Bs_skus_codes_and_alerts_and_changes_nothing()
    {
        var b = await app.CreateStoreAsync("Store B");
        var bWarehouse = await app.AddWarehouseAsync(b.TenantId, "BWH");
        await app.AddProductAsync(b.TenantId, "B-SKU", threshold: 4, (bWarehouse, 2));
        var bAlert = await app.InDbAsync(b.TenantId, db => db.StockAlerts.Select(a => a.Id).SingleAsync());
        var bOrder = ((PlaceOrderResult.Placed)await app.PlaceOrderAsync(b.TenantId, OrderSeeding.Draft(bWarehouse, ("B-SKU", 1)))).Order.Id;
        var (a, client) = await app.ApiStoreAsync("Store A");
        await app.AddWarehouseAsync(a.TenantId, "AWH");
        await app.AddProductAsync(a.TenantId, "A-SKU");
        var before = await SnapshotAsync(b.TenantId);

        var calls = new (HttpMethod Method, string Url, string? Body)[]
        {
            (HttpMethod.Get, "/api/v1/products/B-SKU", null),
            (HttpMethod.Patch, "/api/v1/products/B-SKU", """{"name":"stolen","lowStockThreshold":100}"""),
            (HttpMethod.Put, "/api/v1/products/B-SKU/warehouses/AWH/threshold", """{"lowStockThreshold":100}"""),
            (HttpMethod.Put, "/api/v1/products/A-SKU/warehouses/BWH/threshold", """{"lowStockThreshold":100}"""),
            (HttpMethod.Get, "/api/v1/warehouses/BWH", null),
            (HttpMethod.Patch, "/api/v1/warehouses/BWH", """{"active":false}"""),
            (HttpMethod.Get, "/api/v1/stock?sku=B-SKU", null),
            (HttpMethod.Get, "/api/v1/stock?warehouse=BWH", null),
            (HttpMethod.Post, "/api/v1/stock/movements", """{"sku":"B-SKU","warehouse":"AWH","type":"receipt","quantity":5}"""),
            (HttpMethod.Post, "/api/v1/stock/movements", """{"sku":"A-SKU","warehouse":"BWH","type":"receipt","quantity":5}"""),
            (HttpMethod.Post, "/api/v1/stock/movements", """{"sku":"A-SKU","warehouse":"AWH","type":"transfer","quantity":1,"toWarehouse":"BWH"}"""),
            (HttpMethod.Post, $"/api/v1/alerts/{bAlert}/acknowledge", null),
            (HttpMethod.Get, $"/api/v1/orders/{bOrder}", null),
            (HttpMethod.Post, $"/api/v1/orders/{bOrder}/confirm", null),
            (HttpMethod.Post, $"/api/v1/orders/{bOrder}/cancel", null),
            (HttpMethod.Post, "/api/v1/orders", """{"warehouse":"BWH","customer":{"name":"X","phone":"0600000000","city":"Fes"},"lines":[{"sku":"A-SKU","quantity":1}]}"""),
        };
        foreach (var (method, url, body) in calls)
        {
            var response = await client.SendAsync(method, url, body);
            response.Status.Should().Be(HttpStatusCode.NotFound, $"{method} {url}: {response}");
            response.MediaType.Should().Be("application/problem+json");
        }

        (await SnapshotAsync(b.TenantId)).Should().Be(before);
    }

    [Fact]
    public async Task Lists_show_none_of_another_stores_rows()
    {
        var b = await app.CreateStoreAsync("Store B");
        var bWarehouse = await app.AddWarehouseAsync(b.TenantId, "BWH");
        await app.AddProductAsync(b.TenantId, "B-SKU", threshold: 4, (bWarehouse, 2));
        var (a, client) = await app.ApiStoreAsync("Store A");
        var aWarehouse = await app.AddWarehouseAsync(a.TenantId, "AWH");
        await app.AddProductAsync(a.TenantId, "A-SKU", threshold: 4, (aWarehouse, 1));

        string[] lists = ["/api/v1/products", "/api/v1/products?search=B-SKU", "/api/v1/products?status=low", "/api/v1/warehouses",
            "/api/v1/stock", "/api/v1/alerts", "/api/v1/alerts?status=resolved", "/api/v1/alerts?sku=B-SKU"];
        foreach (var url in lists)
        {
            var response = await client.GetJsonAsync(url);
            response.Status.Should().Be(HttpStatusCode.OK, url);
            response.Body.Should().NotContain("B-SKU", url).And.NotContain("BWH", url);
        }
        (await client.GetJsonAsync("/api/v1/products")).Body.Should().Contain("A-SKU");
        (await client.GetJsonAsync("/api/v1/alerts")).Json["items"]!.AsArray().Should().ContainSingle();
    }

    private Task<string> SnapshotAsync(Guid tenantId) =>
        app.InDbAsync(tenantId, async db =>
        {
            var products = await db.Products.AsNoTracking().OrderBy(p => p.Id)
                .Select(p => $"{p.Sku}|{p.Name}|{p.LowStockThreshold}").ToListAsync();
            var warehouses = await db.Warehouses.AsNoTracking().OrderBy(w => w.Id).Select(w => $"{w.Code}|{w.IsActive}").ToListAsync();
            var levels = await db.StockLevels.AsNoTracking().OrderBy(s => s.WarehouseId)
                .Select(s => $"{s.OnHand}|{s.Reserved}|{s.LowStockThreshold}").ToListAsync();
            var alerts = await db.StockAlerts.AsNoTracking().Select(a => $"{a.Level}|{a.AcknowledgedAt}|{a.ResolvedAt}").ToListAsync();
            var movements = await db.StockMovements.CountAsync();
            var orders = await db.Orders.AsNoTracking().Select(o => $"{o.Status}").ToListAsync();
            return string.Join(";", products.Concat(warehouses).Concat(levels).Concat(alerts).Concat(orders).Append(movements.ToString()));
        });
}
