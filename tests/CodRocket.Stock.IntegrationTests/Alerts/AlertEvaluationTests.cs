using CodRocket.Stock.Alerts;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Alerts;

public class AlertEvaluationTests(StockApp app)
{
    private Task<List<StockAlert>> AlertsAsync(Guid tenantId, Guid productId) =>
        app.InDbAsync(tenantId, db => db.StockAlerts.AsNoTracking().Where(a => a.ProductId == productId).OrderBy(a => a.OpenedAt).ToListAsync());

    private Task SetThresholdsAsync(Guid tenantId, Guid productId, int? productThreshold, params (Guid Warehouse, int? Threshold)[] warehouses) =>
        app.ChangeInWorkAsync(tenantId, [productId], async db =>
        {
            var product = await db.Products.SingleAsync(p => p.Id == productId);
            product.UpdateStockSettings(new(productThreshold, false, null, null, null, 1m), DateTimeOffset.UtcNow);
            foreach (var (warehouse, threshold) in warehouses)
            {
                var level = await db.StockLevels.SingleOrDefaultAsync(s => s.ProductId == productId && s.WarehouseId == warehouse);
                if (level is null)
                {
                    level = new StockLevel(productId, warehouse);
                    db.StockLevels.Add(level);
                }
                level.SetLowStockThreshold(threshold, DateTimeOffset.UtcNow);
            }
        });

    [Fact]
    public async Task A_stock_change_opens_escalates_and_resolves_one_alert_with_its_history()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W1");
        var product = await app.AddProductAsync(store.TenantId, "P1", threshold: 10, (warehouse, 30));

        var opened = await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 22, AdjustmentReason.Damaged));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 3, AdjustmentReason.Lost));
        var escalated = await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 5, AdjustmentReason.Lost));
        var resolved = await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, 11));

        opened.Alerts.Should().Be(new AlertOutcome(1, 0, 0, Notifications: 1), "the owner is e-mailed");
        escalated.Alerts.Should().Be(new AlertOutcome(0, 1, 0, Notifications: 1), "running out is news");
        resolved.Alerts.Should().Be(new AlertOutcome(0, 0, 1, Notifications: 0));
        var alert = (await AlertsAsync(store.TenantId, product)).Should().ContainSingle().Subject;
        alert.Should().Match<StockAlert>(a => a.Level == AlertLevel.Out && a.Threshold == 10 && a.AvailableAtOpen == 8
            && a.EscalatedAt != null && a.ResolvedAt != null && a.AvailableAtResolution == 11 && a.WarehouseId == null);
        var history = await app.InDbAsync(store.TenantId, db => db.AlertEvents.Where(e => e.AlertId == alert.Id).OrderBy(e => e.Id)
            .Select(e => new { e.Kind, e.Available, e.Threshold }).ToListAsync());
        history.Should().Equal(
            new { Kind = AlertEventKind.Opened, Available = (int?)8, Threshold = (int?)10 },
            new { Kind = AlertEventKind.Escalated, Available = (int?)0, Threshold = (int?)10 },
            new { Kind = AlertEventKind.Resolved, Available = (int?)11, Threshold = (int?)10 });
    }

    [Fact]
    public async Task The_store_default_applies_to_products_without_their_own_threshold()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W1");
        var inheriting = await app.AddProductAsync(store.TenantId, "INHERITS", null, (warehouse, 4));
        var own = await app.AddProductAsync(store.TenantId, "OWN", threshold: 2, (warehouse, 4));
        (await AlertsAsync(store.TenantId, inheriting)).Should().BeEmpty("no default threshold yet");

        using var client = await app.SignInAsync(store);
        await client.PostFormAsync("/settings", new()
        {
            ["Input.Name"] = store.Name, ["Input.DefaultLowStockThreshold"] = "5", ["Input.DefaultOutOfStockPolicy"] = "Block",
            ["Input.VelocityWindowDays"] = "30", ["Input.TimeZone"] = "UTC", ["Input.Language"] = "en",
        });

        (await AlertsAsync(store.TenantId, inheriting)).Should().ContainSingle(a => a.IsOpen && a.Threshold == 5);
        (await AlertsAsync(store.TenantId, own)).Should().BeEmpty("its own threshold of 2 wins over the default");
        (await app.AlertMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task Changing_a_threshold_on_the_product_page_evaluates_at_once()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W1");
        var product = await app.AddProductAsync(store.TenantId, "P1", threshold: 5, (warehouse, 20));
        using var client = await app.SignInAsync(store);
        Dictionary<string, string> Form(string threshold, string warehouseThreshold) => new()
        {
            ["Input.Sku"] = "P1", ["Input.Name"] = "Product", ["Input.Settings.SeasonalFactor"] = "1",
            ["Input.Settings.LowStockThreshold"] = threshold,
            ["Input.Settings.Warehouses[0].WarehouseId"] = warehouse.ToString(),
            ["Input.Settings.Warehouses[0].LowStockThreshold"] = warehouseThreshold,
        };

        await client.PostFormAsync($"/inventory/products/{product}/edit", Form("25", ""));
        (await AlertsAsync(store.TenantId, product)).Should().ContainSingle(a => a.IsOpen && a.WarehouseId == null, "raised above stock");

        await client.PostFormAsync($"/inventory/products/{product}/edit", Form("", "20"));
        var alerts = await AlertsAsync(store.TenantId, product);
        alerts.Should().Contain(a => a.WarehouseId == null && !a.IsOpen, "cleared");
        alerts.Should().ContainSingle(a => a.WarehouseId == warehouse && a.IsOpen, "the warehouse threshold of 20 is reached");

        await client.PostFormAsync($"/inventory/products/{product}/edit", Form("", "19"));
        (await AlertsAsync(store.TenantId, product)).Should().OnlyContain(a => !a.IsOpen, "lowered below stock");
        (await app.AlertMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task Archiving_resolves_alerts_and_an_archived_product_does_not_alert()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W1");
        var product = await app.AddProductAsync(store.TenantId, "P1", threshold: 10, (warehouse, 3));
        using var client = await app.SignInAsync(store);
        (await AlertsAsync(store.TenantId, product)).Should().ContainSingle(a => a.IsOpen);

        await client.PostFormAsync($"/inventory/products/{product}/edit", new() { ["confirmed"] = "true" }, handler: "Archive");
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 3, AdjustmentReason.Lost));

        (await AlertsAsync(store.TenantId, product)).Should().ContainSingle().Which.IsOpen.Should().BeFalse();

        await client.PostFormAsync($"/inventory/products/{product}/edit", new(), handler: "Restore");
        (await AlertsAsync(store.TenantId, product)).Should().ContainSingle(a => a.IsOpen && a.Level == AlertLevel.Out);
    }

    [Fact]
    public async Task A_transfer_between_warehouses_moves_warehouse_alerts_but_not_the_product_total()
    {
        var store = await app.CreateStoreAsync();
        var a = await app.AddWarehouseAsync(store.TenantId, "A");
        var b = await app.AddWarehouseAsync(store.TenantId, "B");
        var product = await app.AddProductAsync(store.TenantId, "P1", threshold: null, (a, 20));
        await SetThresholdsAsync(store.TenantId, product, 10, (a, 5), (b, 5));
        await app.ApplyAsync(store.TenantId, StockChange.Receive(product, b, 1));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, b, 1, AdjustmentReason.Damaged));
        (await AlertsAsync(store.TenantId, product)).Should().ContainSingle(x => x.IsOpen && x.WarehouseId == b, "B has had stock and is empty");

        var result = await app.ApplyAsync(store.TenantId, [.. StockChange.Transfer(product, a, b, 16)]);

        result.Alerts.Should().Be(new AlertOutcome(1, 0, 1, Notifications: 1), "A drops to 4 and opens; B now has 16 and resolves");
        var alerts = await AlertsAsync(store.TenantId, product);
        alerts.Where(x => x.IsOpen).Should().ContainSingle(x => x.WarehouseId == a);
        alerts.Should().NotContain(x => x.WarehouseId == null, "the total stayed at 20, above 10");
    }

    [Fact]
    public async Task Products_created_with_thresholds_and_no_stock_open_no_alert_and_send_nothing_until_their_first_receipt()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W1");
        var products = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var product = await app.AddProductAsync(store.TenantId, $"NEW-{i}", threshold: 10);
            await SetThresholdsAsync(store.TenantId, product, 10, (warehouse, 4));
            products.Add(product);
        }

        (await app.InDbAsync(store.TenantId, db => db.StockAlerts.CountAsync())).Should().Be(0, "nothing was ever received: not stocked yet");
        (await app.InDbAsync(store.TenantId, db => db.Notifications.CountAsync())).Should().Be(0);

        var first = await app.ApplyAsync(store.TenantId, StockChange.Receive(products[0], warehouse, 3));

        first.Alerts.Should().Be(new AlertOutcome(2, 0, 0, Notifications: 2), "the first receipt arms both scopes, and 3 is low for both");
        (await AlertsAsync(store.TenantId, products[0])).Should().HaveCount(2).And.OnlyContain(a => a.IsOpen && a.Level == AlertLevel.Low);
        (await app.AlertMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task An_escalated_alert_refilled_below_the_threshold_shows_low_again_and_keeps_the_escalation_in_its_history()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W1");
        var product = await app.AddProductAsync(store.TenantId, "P1", threshold: 10, (warehouse, 8));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 8, AdjustmentReason.Lost));
        (await AlertsAsync(store.TenantId, product)).Should().ContainSingle(a => a.IsOpen && a.Level == AlertLevel.Out);

        var refill = await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, 4));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 4, AdjustmentReason.Lost));
        var emptyAgain = await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, 2));

        refill.Alerts.Should().Be(AlertOutcome.Nothing, "no new crossing, nobody is notified");
        emptyAgain.Alerts.Should().Be(AlertOutcome.Nothing);
        var alert = (await AlertsAsync(store.TenantId, product)).Should().ContainSingle().Subject;
        alert.Level.Should().Be(AlertLevel.Low, "2 under a threshold of 10 is low stock now");
        alert.EscalatedAt.Should().NotBeNull();
        alert.AvailableAtEscalation.Should().Be(0);
        var kinds = await app.InDbAsync(store.TenantId, db => db.AlertEvents.Where(e => e.AlertId == alert.Id).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
        kinds.Should().Equal(AlertEventKind.Opened, AlertEventKind.Escalated);
        (await app.InDbAsync(store.TenantId, db => db.Notifications.CountAsync(n => n.AlertId == alert.Id)))
            .Should().Be(2, "one e-mail to the owner when it opened, one when it ran out the first time");
    }
}
