using System.Net;
using CodRocket.Stock.Alerts;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>The happy path of every endpoint, through the same domain services as the pages.</summary>
public class ApiEndpointTests(StockApp app)
{
    [Fact]
    public async Task Warehouses_are_created_listed_read_and_updated_by_code()
    {
        var (_, client) = await app.ApiStoreAsync();

        var created = await client.PostJsonAsync("/api/v1/warehouses", """{"code":"cas","name":"Casablanca main","city":"Casablanca"}""");
        await client.PostJsonAsync("/api/v1/warehouses", """{"code":"RAK","name":"Marrakech depot"}""");
        var list = await client.GetJsonAsync("/api/v1/warehouses");
        var one = await client.GetJsonAsync("/api/v1/warehouses/CAS");
        var patched = await client.SendAsync(HttpMethod.Patch, "/api/v1/warehouses/cas", """{"name":"Casablanca hub","active":false,"city":null}""");

        created.Status.Should().Be(HttpStatusCode.Created, created.ToString());
        created.Location.Should().Be("/api/v1/warehouses/CAS");
        created.Json["code"]!.GetValue<string>().Should().Be("CAS");
        created.Json["active"]!.GetValue<bool>().Should().BeTrue();
        list.Json["items"]!.AsArray().Select(w => w!["code"]!.GetValue<string>()).Should().Equal("CAS", "RAK");
        one.Json["city"]!.GetValue<string>().Should().Be("Casablanca");
        patched.Status.Should().Be(HttpStatusCode.OK, patched.ToString());
        patched.Json["name"]!.GetValue<string>().Should().Be("Casablanca hub");
        patched.Json["active"]!.GetValue<bool>().Should().BeFalse();
        patched.Json["city"].Should().BeNull();
    }

    [Fact]
    public async Task A_duplicate_warehouse_code_answers_409()
    {
        var (_, client) = await app.ApiStoreAsync();
        await client.PostJsonAsync("/api/v1/warehouses", """{"code":"CAS","name":"One"}""");

        var again = await client.PostJsonAsync("/api/v1/warehouses", """{"code":"cas","name":"Two"}""");

        again.Status.Should().Be(HttpStatusCode.Conflict);
        again.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task A_product_is_created_with_its_stock_settings_and_its_threshold_is_evaluated_at_once()
    {
        var (store, client) = await app.ApiStoreAsync();

        var created = await client.PostJsonAsync("/api/v1/products", """
            {"sku":"TSH-1","name":"T-shirt","lowStockThreshold":5,"smsAlerts":true,"outOfStockPolicy":"backorder",
             "leadTimeDays":3,"safetyStock":4,"seasonalFactor":1.5}
            """);
        var read = await client.GetJsonAsync("/api/v1/products/TSH-1");

        created.Status.Should().Be(HttpStatusCode.Created, created.ToString());
        created.Location.Should().Be("/api/v1/products/TSH-1");
        var product = read.Json;
        product["sku"]!.GetValue<string>().Should().Be("TSH-1");
        product["lowStockThreshold"]!.GetValue<int>().Should().Be(5);
        product["smsAlerts"]!.GetValue<bool>().Should().BeTrue();
        product["outOfStockPolicy"]!.GetValue<string>().Should().Be("backorder");
        product["seasonalFactor"]!.GetValue<decimal>().Should().Be(1.5m);
        product["available"]!.GetValue<int>().Should().Be(0);
        product["backordered"]!.GetValue<int>().Should().Be(0);
        product["status"]!.GetValue<string>().Should().Be("notStocked");
        // No stock ever and a threshold of 5: not stocked yet, so no alert (as when created on the page); the first
        // receipt arms it.
        (await app.InDbAsync(store.TenantId, db => db.StockAlerts.CountAsync(a => a.ResolvedAt == null))).Should().Be(0);
        (await app.AlertMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task Products_are_listed_with_search_status_filter_and_paging()
    {
        var (store, client) = await app.ApiStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "LOW-1", threshold: 10, (warehouse, 4));
        var sold = await app.AddProductAsync(store.TenantId, "OUT-1", threshold: 10, (warehouse, 2));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(sold, warehouse, 2, AdjustmentReason.Damaged));
        await app.AddProductAsync(store.TenantId, "NEW-1", threshold: 10);
        await app.AddProductAsync(store.TenantId, "OK-1", threshold: 10, (warehouse, 50));
        await app.AddProductAsync(store.TenantId, "OK-2", threshold: null, (warehouse, 1));

        var low = await client.GetJsonAsync("/api/v1/products?status=low");
        var outOfStock = await client.GetJsonAsync("/api/v1/products?status=out");
        var ok = await client.GetJsonAsync("/api/v1/products?status=ok");
        var notStocked = await client.GetJsonAsync("/api/v1/products?status=notstocked");
        var search = await client.GetJsonAsync("/api/v1/products?search=ok-");
        var page2 = await client.GetJsonAsync("/api/v1/products?page=2&pageSize=3");

        Skus(low).Should().Equal("LOW-1");
        Skus(outOfStock).Should().Equal("OUT-1");
        Skus(notStocked).Should().Equal(["NEW-1"], "a product never stocked is not stocked yet, not out of stock");
        notStocked.Json["items"]![0]!["status"]!.GetValue<string>().Should().Be("notStocked");
        Skus(ok).Should().Equal("OK-1", "OK-2");
        Skus(search).Should().Equal("OK-1", "OK-2");
        Skus(page2).Should().Equal("OK-2", "OUT-1");
        page2.Json["total"]!.GetValue<int>().Should().Be(5);
        page2.Json["page"]!.GetValue<int>().Should().Be(2);
        low.Json["items"]![0]!["warehouses"]![0]!["warehouse"]!.GetValue<string>().Should().Be("CAS");
    }

    [Fact]
    public async Task Patching_product_settings_changes_only_the_fields_sent_and_evaluates_the_threshold()
    {
        var (store, client) = await app.ApiStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "MUG-1", threshold: null, (warehouse, 8));
        await client.SendAsync(HttpMethod.Patch, "/api/v1/products/MUG-1", """{"leadTimeDays":4,"outOfStockPolicy":"warn"}""");

        var raised = await client.SendAsync(HttpMethod.Patch, "/api/v1/products/MUG-1", """{"name":"Mug","lowStockThreshold":10}""");
        var alertsAfterRaise = await client.GetJsonAsync("/api/v1/alerts");
        var cleared = await client.SendAsync(HttpMethod.Patch, "/api/v1/products/MUG-1", """{"lowStockThreshold":null,"outOfStockPolicy":null}""");
        var alertsAfterClear = await client.GetJsonAsync("/api/v1/alerts");

        raised.Status.Should().Be(HttpStatusCode.OK, raised.ToString());
        raised.Json["name"]!.GetValue<string>().Should().Be("Mug");
        raised.Json["leadTimeDays"]!.GetValue<int>().Should().Be(4, "fields not sent keep their value");
        raised.Json["outOfStockPolicy"]!.GetValue<string>().Should().Be("warn");
        raised.Json["status"]!.GetValue<string>().Should().Be("low");
        alertsAfterRaise.Json["items"]!.AsArray().Should().ContainSingle();
        cleared.Json["lowStockThreshold"].Should().BeNull();
        cleared.Json["outOfStockPolicy"].Should().BeNull();
        cleared.Json["effectiveOutOfStockPolicy"]!.GetValue<string>().Should().Be("block");
        alertsAfterClear.Json["items"]!.AsArray().Should().BeEmpty();
        (await app.AlertMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_warehouse_threshold_is_set_and_cleared_and_alerts_follow()
    {
        var (store, client) = await app.ApiStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "TNG");
        await app.AddProductAsync(store.TenantId, "TWL-1", threshold: null, (warehouse, 3));

        var set = await client.SendAsync(HttpMethod.Put, "/api/v1/products/TWL-1/warehouses/tng/threshold", """{"lowStockThreshold":5}""");
        var open = await client.GetJsonAsync("/api/v1/alerts?status=open");
        var clear = await client.SendAsync(HttpMethod.Put, "/api/v1/products/TWL-1/warehouses/TNG/threshold", """{"lowStockThreshold":null}""");
        var resolved = await client.GetJsonAsync("/api/v1/alerts?status=resolved");

        set.Status.Should().Be(HttpStatusCode.OK, set.ToString());
        set.Json["warehouse"]!.GetValue<string>().Should().Be("TNG");
        set.Json["lowStockThreshold"]!.GetValue<int>().Should().Be(5);
        var alert = open.Json["items"]!.AsArray().Should().ContainSingle().Subject!;
        alert["warehouse"]!.GetValue<string>().Should().Be("TNG");
        alert["level"]!.GetValue<string>().Should().Be("low");
        alert["threshold"]!.GetValue<int>().Should().Be(5);
        alert["available"]!.GetValue<int>().Should().Be(3);
        clear.Json["lowStockThreshold"].Should().BeNull();
        resolved.Json["items"]!.AsArray().Should().ContainSingle().Which!["resolvedAt"].Should().NotBeNull();
        (await app.AlertMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task Receipts_counts_and_transfers_go_through_the_ledger()
    {
        var (store, client) = await app.ApiStoreAsync();
        await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddWarehouseAsync(store.TenantId, "RAK");
        await app.AddProductAsync(store.TenantId, "LMP-1", threshold: 5);

        var receipt = await client.PostJsonAsync("/api/v1/stock/movements", """{"sku":"LMP-1","warehouse":"cas","type":"receipt","quantity":20,"note":"PO 42"}""");
        var count = await client.PostJsonAsync("/api/v1/stock/movements", """{"sku":"LMP-1","warehouse":"CAS","type":"adjustment","quantity":18}""");
        var transfer = await client.PostJsonAsync("/api/v1/stock/movements", """{"sku":"LMP-1","warehouse":"CAS","type":"transfer","quantity":7,"toWarehouse":"RAK"}""");
        var tooMuch = await client.PostJsonAsync("/api/v1/stock/movements", """{"sku":"LMP-1","warehouse":"RAK","type":"transfer","quantity":8,"toWarehouse":"CAS"}""");
        var levels = await client.GetJsonAsync("/api/v1/stock?sku=LMP-1");
        var one = await client.GetJsonAsync("/api/v1/stock?sku=LMP-1&warehouse=rak");

        receipt.Status.Should().Be(HttpStatusCode.Created, receipt.ToString());
        receipt.Json["levels"]![0]!["onHand"]!.GetValue<int>().Should().Be(20);
        receipt.Json["note"]!.GetValue<string>().Should().Be("PO 42");
        count.Json["levels"]![0]!["onHand"]!.GetValue<int>().Should().Be(18);
        transfer.Json["levels"]!.AsArray().Select(l => (l!["warehouse"]!.GetValue<string>(), l["available"]!.GetValue<int>()))
            .Should().BeEquivalentTo([("CAS", 11), ("RAK", 7)]);
        tooMuch.Status.Should().Be(HttpStatusCode.Conflict);
        tooMuch.Json["available"]!.GetValue<int>().Should().Be(7);
        levels.Json["items"]!.AsArray().Select(l => l!["warehouse"]!.GetValue<string>()).Should().Equal("CAS", "RAK");
        levels.Json["items"]![0]!["backordered"]!.GetValue<int>().Should().Be(0);
        one.Json["items"]!.AsArray().Should().ContainSingle().Which!["onHand"]!.GetValue<int>().Should().Be(7);
        var movements = await app.InDbAsync(store.TenantId, db => db.StockMovements.OrderBy(m => m.Id).Select(m => new { m.Type, m.Reason }).ToListAsync());
        movements.Select(m => m.Type).Should().Equal(MovementType.Receipt, MovementType.Adjustment, MovementType.TransferOut, MovementType.TransferIn);
        movements[1].Reason.Should().Be(nameof(AdjustmentReason.Count));
        (await app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
        (await app.AlertMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task Alerts_are_listed_and_acknowledged_with_an_event()
    {
        var (store, client) = await app.ApiStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "SPK-1", threshold: 8, (warehouse, 12));
        await client.PostJsonAsync("/api/v1/stock/movements", """{"sku":"SPK-1","warehouse":"CAS","type":"adjustment","quantity":0}""");

        var open = await client.GetJsonAsync("/api/v1/alerts?status=open");
        var id = open.Json["items"]![0]!["id"]!.GetValue<Guid>();
        var acknowledged = await client.PostJsonAsync($"/api/v1/alerts/{id}/acknowledge", "{}");
        var again = await client.PostJsonAsync($"/api/v1/alerts/{id}/acknowledge", "{}");

        var alert = open.Json["items"]!.AsArray().Should().ContainSingle().Subject!;
        alert["sku"]!.GetValue<string>().Should().Be("SPK-1");
        alert["warehouse"].Should().BeNull("the product-wide scope has no warehouse");
        alert["level"]!.GetValue<string>().Should().Be("out");
        alert["available"]!.GetValue<int>().Should().Be(0);
        alert["acknowledgedAt"].Should().BeNull();
        acknowledged.Status.Should().Be(HttpStatusCode.OK, acknowledged.ToString());
        acknowledged.Json["acknowledgedAt"].Should().NotBeNull();
        acknowledged.Json["resolvedAt"].Should().BeNull("acknowledging keeps the alert open");
        again.Status.Should().Be(HttpStatusCode.OK);
        var events = await app.InDbAsync(store.TenantId, db => db.AlertEvents.Where(e => e.AlertId == id).Select(e => e.Kind).ToListAsync());
        events.Should().ContainSingle(k => k == AlertEventKind.Acknowledged);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api_without_a_key()
    {
        using var client = app.ApiClient(null);

        var document = await client.GetJsonAsync("/api/v1/openapi.json");

        document.Status.Should().Be(HttpStatusCode.OK, document.ToString());
        var paths = document.Json["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.Should().Contain(["/api/v1/warehouses", "/api/v1/warehouses/{code}", "/api/v1/products", "/api/v1/products/{sku}",
            "/api/v1/products/{sku}/warehouses/{code}/threshold", "/api/v1/stock", "/api/v1/stock/movements",
            "/api/v1/alerts", "/api/v1/alerts/{id}/acknowledge"]);
        paths.Should().OnlyContain(p => p.StartsWith("/api/v1/", StringComparison.Ordinal));
        document.Body.Should().Contain("Idempotency-Key").And.Contain("bearer");
    }

    private static IEnumerable<string> Skus(ApiResponse list) =>
        list.Json["items"]!.AsArray().Select(p => p!["sku"]!.GetValue<string>());
}
