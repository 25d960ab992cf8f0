using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CodRocket.Stock.Alerts;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Alerts;

public class AlertPagesTests(StockApp app)
{
    private static string? Badge(Page page) => page.Document.QuerySelector(".sidebar [data-testid=alert-badge]")?.TextContent.Trim();

    private async Task<(TestStore Store, Guid Warehouse, Guid Low, Guid Fine)> StoreWithOneLowProductAsync()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var low = await app.AddProductAsync(store.TenantId, "LOW-1", threshold: 10, (warehouse, 4));
        var fine = await app.AddProductAsync(store.TenantId, "FINE-1", threshold: 10, (warehouse, 40));
        return (store, warehouse, low, fine);
    }

    [Fact]
    public async Task The_badge_counts_open_alerts_on_every_page_and_the_dashboard_card_lists_them()
    {
        var (store, warehouse, low, fine) = await StoreWithOneLowProductAsync();
        using var client = await app.SignInAsync(store);

        foreach (var url in new[] { "/", "/warehouses", "/inventory/products", "/settings", $"/inventory/products/{fine}" })
        {
            Badge(await client.GetAsync(url)).Should().Be("1", url);
        }
        var dashboard = await client.GetAsync("/");
        var card = dashboard.Document.QuerySelector("[data-testid=alert-card]")!;
        card.TextContent.Should().Contain("Product LOW-1").And.Contain("LOW-1").And.NotContain("FINE-1");
        card.QuerySelector($"a[href='/inventory/products/{low}']").Should().NotBeNull();

        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(fine, warehouse, 35, AdjustmentReason.Damaged));
        Badge(await client.GetAsync("/warehouses")).Should().Be("2");
    }

    [Fact]
    public async Task With_no_open_alert_there_is_no_badge_and_the_card_says_all_is_well()
    {
        var store = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(store);

        var dashboard = await client.GetAsync("/");

        Badge(dashboard).Should().BeNull();
        dashboard.Document.QuerySelector("[data-testid=alert-card]")!.TextContent.Should().Contain("All is well");
    }

    [Fact]
    public async Task Acknowledging_keeps_the_alert_open_removes_it_from_the_badge_and_records_who()
    {
        var (store, warehouse, low, _) = await StoreWithOneLowProductAsync();
        var alertId = await app.InDbAsync(store.TenantId, db => db.StockAlerts.Where(a => a.ProductId == low).Select(a => a.Id).SingleAsync());
        using var client = await app.SignInAsync(store);

        var response = await client.PostFormAsync($"/inventory/alerts?id={alertId}&returnUrl=%2F", new(), handler: "Acknowledge", formUrl: "/");

        response.Status.Should().Be(HttpStatusCode.Redirect);
        response.Location.Should().Be("/");
        Badge(await client.GetAsync("/")).Should().BeNull();
        var alert = await app.InDbAsync(store.TenantId, db => db.StockAlerts.SingleAsync(a => a.Id == alertId));
        alert.IsOpen.Should().BeTrue();
        alert.AcknowledgedBy.Should().Be(store.OwnerId);
        (await app.InDbAsync(store.TenantId, db => db.AlertEvents.AnyAsync(e => e.AlertId == alertId && e.Kind == AlertEventKind.Acknowledged && e.UserId == store.OwnerId)))
            .Should().BeTrue();

        // Running out is news: the escalation brings the alert back into the badge.
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(low, warehouse, 4, AdjustmentReason.Lost));
        Badge(await client.GetAsync("/")).Should().Be("1");
    }

    [Fact]
    public async Task Snoozing_hides_the_alert_for_the_chosen_time_and_a_bad_duration_changes_nothing()
    {
        var (store, _, low, _) = await StoreWithOneLowProductAsync();
        var alertId = await app.InDbAsync(store.TenantId, db => db.StockAlerts.Where(a => a.ProductId == low).Select(a => a.Id).SingleAsync());
        using var client = await app.SignInAsync(store);

        var bad = await client.PostFormAsync($"/inventory/alerts?id={alertId}", new() { ["hours"] = "5000" }, handler: "Snooze", formUrl: "/");
        (await client.GetAsync("/inventory/alerts")).Text.Should().Contain("Choose how long to snooze the alert.");
        (await app.InDbAsync(store.TenantId, db => db.StockAlerts.SingleAsync(a => a.Id == alertId))).SnoozedUntil.Should().BeNull();

        await client.PostFormAsync($"/inventory/alerts?id={alertId}", new() { ["hours"] = "4" }, handler: "Snooze", formUrl: "/");

        bad.Status.Should().Be(HttpStatusCode.Redirect);
        var alert = await app.InDbAsync(store.TenantId, db => db.StockAlerts.SingleAsync(a => a.Id == alertId));
        alert.SnoozedUntil.Should().BeCloseTo(DateTimeOffset.UtcNow.AddHours(4), TimeSpan.FromMinutes(1));
        alert.SnoozedBy.Should().Be(store.OwnerId);
        Badge(await client.GetAsync("/")).Should().BeNull();
        var page = await client.GetAsync("/inventory/alerts");
        page.Text.Should().Contain("Snoozed until");
    }

    [Fact]
    public async Task The_alerts_page_filters_by_scope_and_level_and_keeps_a_history()
    {
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var rak = await app.AddWarehouseAsync(store.TenantId, "RAK");
        var low = await app.AddProductAsync(store.TenantId, "LOW-1", threshold: 10, (cas, 4));
        var gone = await app.AddProductAsync(store.TenantId, "GONE-1", threshold: 10, (rak, 1));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(gone, rak, 1, AdjustmentReason.Lost));
        var back = await app.AddProductAsync(store.TenantId, "BACK-1", threshold: 10, (cas, 2));
        await app.ApplyAsync(store.TenantId, StockChange.Receive(back, cas, 50));
        using var client = await app.SignInAsync(store);

        (await client.GetAsync("/inventory/alerts")).Text.Should().Contain("LOW-1").And.Contain("GONE-1").And.NotContain("BACK-1");
        (await client.GetAsync("/inventory/alerts?level=Out")).Text.Should().Contain("GONE-1").And.NotContain("LOW-1");
        (await client.GetAsync($"/inventory/alerts?scope={rak}")).Text.Should().NotContain("LOW-1", "LOW-1's alert is product-wide");
        (await client.GetAsync("/inventory/alerts?scope=all-warehouses")).Text.Should().Contain("LOW-1");
        (await client.GetAsync("/inventory/alerts?history=true")).Text.Should().Contain("BACK-1").And.NotContain("LOW-1");
        ((int)(await client.GetAsync("/inventory/alerts?level=Nope&scope=zzz&p=x")).Status).Should().Be(200);
        _ = low;
    }

    [Fact]
    public async Task Another_stores_alert_cannot_be_acknowledged_or_snoozed()
    {
        var (other, _, otherLow, _) = await StoreWithOneLowProductAsync();
        var otherAlert = await app.InDbAsync(other.TenantId, db => db.StockAlerts.Where(a => a.ProductId == otherLow).Select(a => a.Id).SingleAsync());
        var mine = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(mine);

        (await client.PostFormAsync($"/inventory/alerts?id={otherAlert}", new(), handler: "Acknowledge", formUrl: "/")).Status.Should().Be(HttpStatusCode.NotFound);
        (await client.PostFormAsync($"/inventory/alerts?id={otherAlert}", new() { ["hours"] = "4" }, handler: "Snooze", formUrl: "/")).Status.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/inventory/alerts")).Text.Should().NotContain("LOW-1");

        var alert = await app.InDbAsync(other.TenantId, db => db.StockAlerts.SingleAsync(a => a.Id == otherAlert));
        alert.AcknowledgedAt.Should().BeNull();
        alert.SnoozedUntil.Should().BeNull();
    }

    [Fact]
    public async Task An_alert_refilled_below_its_threshold_reads_low_and_the_dashboard_cards_count_warehouse_alerts_like_the_alerts_page()
    {
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var rak = await app.AddWarehouseAsync(store.TenantId, "RAK");
        var product = await app.AddProductAsync(store.TenantId, "REFILL-1", 10, (cas, 8));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, cas, 8, AdjustmentReason.Lost));
        await app.ApplyAsync(store.TenantId, StockChange.Receive(product, cas, 4));
        // A warehouse alert only: the product total (200) is fine, RAK is empty under its threshold of 5.
        var other = await app.AddProductAsync(store.TenantId, "WH-1", null, (cas, 200), (rak, 3));
        await app.SetWarehouseThresholdAsync(store.TenantId, other, rak, 5);
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(other, rak, 3, AdjustmentReason.Lost));
        using var client = await app.SignInAsync(store);

        var dashboard = await client.GetAsync("/");
        var outPage = await client.GetAsync("/inventory/alerts?level=Out");
        var lowPage = await client.GetAsync("/inventory/alerts?level=Low");

        dashboard.Document.QuerySelector("[data-testid=out-of-stock-alerts] .stat-value")!.TextContent.Trim().Should().Be("1", "the RAK alert counts");
        dashboard.Document.QuerySelector("[data-testid=low-stock-alerts] .stat-value")!.TextContent.Trim().Should().Be("1", "4 under 10 is low, not out");
        outPage.Document.QuerySelectorAll("tbody tr").Should().ContainSingle().Which.TextContent.Should().Contain("WH-1").And.Contain("RAK");
        lowPage.Document.QuerySelectorAll("tbody tr").Should().ContainSingle().Which.TextContent.Should().Contain("REFILL-1").And.Contain("Low stock");
    }

    [Fact]
    public async Task The_history_shows_the_stock_when_the_alert_opened_escalated_and_resolved_not_todays()
    {
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "HIST-1", 15, (cas, 20));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, cas, 12, AdjustmentReason.Damaged));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, cas, 8, AdjustmentReason.Damaged));
        await app.ApplyAsync(store.TenantId, StockChange.Receive(product, cas, 16));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, cas, 8, AdjustmentReason.Damaged));
        using var client = await app.SignInAsync(store);

        var history = await client.GetAsync("/inventory/alerts?history=true");

        var row = history.Document.QuerySelectorAll("tbody tr").Should().ContainSingle().Subject;
        row.QuerySelector("[data-testid=available-at-open]")!.TextContent.Trim().Should().Be("8");
        row.QuerySelector("[data-testid=available-at-escalation]")!.TextContent.Trim().Should().Be("0");
        row.QuerySelector("[data-testid=available-at-resolution]")!.TextContent.Trim().Should().Be("16", "today the stock is 8, but it resolved at 16");
    }

    [Fact]
    public async Task Ticked_alerts_are_acknowledged_or_snoozed_together_and_each_can_be_taken_back()
    {
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        foreach (var sku in new[] { "TICK-A", "TICK-B", "TICK-C" })
        {
            await app.AddProductAsync(store.TenantId, sku, threshold: 10, (cas, 2));
        }
        using var client = await app.SignInAsync(store);

        // Tick two of three, as a merchant would, and press "Acknowledge ticked".
        var page = await client.GetAsync("/inventory/alerts?q=tick");
        Tick(page, "TICK-A", "TICK-B");
        var form = page.Document.QuerySelector<IHtmlFormElement>("form#alert-bulk")!;
        var acknowledged = await client.SubmitAsync(page, form, form.QuerySelector<IHtmlButtonElement>("button[value=acknowledge]"));
        acknowledged.Status.Should().Be(HttpStatusCode.Redirect);
        var after = await client.GetAsync(acknowledged.Location!);
        after.Text.Should().Contain("2 alerts acknowledged.");
        Badge(after).Should().Be("1");

        // Then all three, snoozed for a day with the list's own choice.
        Tick(after, "TICK-A", "TICK-B", "TICK-C");
        form = after.Document.QuerySelector<IHtmlFormElement>("form#alert-bulk")!;
        form.QuerySelector<IHtmlSelectElement>("select[name=hours]")!.Value = "24";
        var snoozed = await client.GetAsync((await client.SubmitAsync(after, form, form.QuerySelector<IHtmlButtonElement>("button[value=snooze]"))).Location!);
        snoozed.Text.Should().Contain("3 alerts snoozed.");
        Badge(snoozed).Should().BeNull();
        var alerts = await app.InDbAsync(store.TenantId, db => db.StockAlerts.ToListAsync());
        alerts.Should().HaveCount(3).And.OnlyContain(a => a.SnoozedUntil > DateTimeOffset.UtcNow.AddHours(23) && a.SnoozedBy == store.OwnerId);

        // Take TICK-A's acknowledgement and snooze back: it needs attention again.
        var rowA = Row(snoozed, "TICK-A");
        var unack = rowA.QuerySelector<IHtmlFormElement>("form[action*='handler=Unacknowledge']")!;
        (await client.SubmitAsync(snoozed, unack)).Status.Should().Be(HttpStatusCode.Redirect);
        var page2 = await client.GetAsync("/inventory/alerts");
        Badge(page2).Should().BeNull("it is still snoozed");
        var wake = Row(page2, "TICK-A").QuerySelector<IHtmlFormElement>("form[action*='handler=Unsnooze']")!;
        (await client.SubmitAsync(page2, wake)).Status.Should().Be(HttpStatusCode.Redirect);
        Badge(await client.GetAsync("/")).Should().Be("1");
        var a = await app.InDbAsync(store.TenantId, db => db.StockAlerts.Include(x => x.Product).SingleAsync(x => x.Product.Sku == "TICK-A"));
        a.AcknowledgedAt.Should().BeNull();
        a.SnoozedUntil.Should().BeNull();
        (await app.InDbAsync(store.TenantId, db => db.AlertEvents.Where(e => e.AlertId == a.Id).Select(e => e.Kind).ToListAsync()))
            .Should().Contain([AlertEventKind.Acknowledged, AlertEventKind.Snoozed, AlertEventKind.Unacknowledged, AlertEventKind.Unsnoozed]);

        // Nothing ticked, or a bad duration: a message, nothing changed.
        (await client.PostFormAsync("/inventory/alerts", new() { ["bulkAction"] = "acknowledge" }, handler: "Bulk")).Status.Should().Be(HttpStatusCode.Redirect);
        (await client.GetAsync("/inventory/alerts")).Text.Should().Contain("Tick the alerts to act on first.");
        (await client.PostFormAsync("/inventory/alerts", new() { ["bulkAction"] = "snooze", ["hours"] = "5000", ["ids"] = a.Id.ToString() }, handler: "Bulk"))
            .Status.Should().Be(HttpStatusCode.Redirect);
        (await client.GetAsync("/inventory/alerts")).Text.Should().Contain("Choose what to do with the ticked alerts.");
        (await app.InDbAsync(store.TenantId, db => db.StockAlerts.SingleAsync(x => x.Id == a.Id))).SnoozedUntil.Should().BeNull();
    }

    [Fact]
    public async Task The_alerts_page_finds_alerts_by_sku_or_name_taking_wildcards_literally()
    {
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "FIND-1", threshold: 10, (cas, 2));
        await app.AddProductAsync(store.TenantId, "OTHER-2", threshold: 10, (cas, 2));
        using var client = await app.SignInAsync(store);

        (await client.GetAsync("/inventory/alerts?q=find")).Text.Should().Contain("FIND-1").And.NotContain("OTHER-2");
        (await client.GetAsync("/inventory/alerts?q=Product%20OTHER")).Text.Should().Contain("OTHER-2").And.NotContain("FIND-1");
        var none = await client.GetAsync("/inventory/alerts?q=%25");
        none.Text.Should().NotContain("FIND-1").And.NotContain("OTHER-2");
        none.Document.QuerySelector("[data-testid=empty-state]").Should().NotBeNull();
        (await client.GetAsync("/inventory/alerts?q=" + new string('x', 5000))).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Another_stores_alerts_cannot_be_ticked_taken_back_or_woken()
    {
        var (other, _, otherLow, _) = await StoreWithOneLowProductAsync();
        var otherAlert = await app.InDbAsync(other.TenantId, db => db.StockAlerts.Where(a => a.ProductId == otherLow).Select(a => a.Id).SingleAsync());
        using (var owner = await app.SignInAsync(other))
        {
            await owner.PostFormAsync($"/inventory/alerts?id={otherAlert}", new(), handler: "Acknowledge");
        }
        var mine = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(mine);

        await client.PostFormAsync("/inventory/alerts", new() { ["bulkAction"] = "snooze", ["hours"] = "24", ["ids"] = otherAlert.ToString() }, handler: "Bulk");
        (await client.GetAsync("/inventory/alerts")).Text.Should().Contain("0 alerts snoozed.");
        (await client.PostFormAsync($"/inventory/alerts?id={otherAlert}", new(), handler: "Unacknowledge")).Status.Should().Be(HttpStatusCode.NotFound);
        (await client.PostFormAsync($"/inventory/alerts?id={otherAlert}", new(), handler: "Unsnooze")).Status.Should().Be(HttpStatusCode.NotFound);

        var alert = await app.InDbAsync(other.TenantId, db => db.StockAlerts.SingleAsync(a => a.Id == otherAlert));
        alert.AcknowledgedAt.Should().NotBeNull();
        alert.SnoozedUntil.Should().BeNull();
    }

    [Fact]
    public async Task Sorted_by_days_left_the_alerts_that_run_out_first_come_first_and_those_without_sales_last()
    {
        var store = await app.CreateStoreAsync();
        await app.SetStoreAsync(store.TenantId, "UTC", windowDays: 30);
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1);
        // Thresholds of 100 keep every product low; SKUs run against the expected order.
        foreach (var (sku, stock, sold) in new[] { ("D-SLOW", 50, 10), ("C-FAST", 30, 20), ("B-NONE", 50, 0), ("A-GONE", 5, 5) })
        {
            await app.AddProductAsync(store.TenantId, sku, 100, (cas, stock));
            if (sold > 0)
            {
                await app.PlaceAtAsync(store.TenantId, yesterday, OrderSeeding.Draft(cas, (sku, sold)));
            }
        }
        using var client = await app.SignInAsync(store);

        var ascending = await client.GetAsync("/inventory/alerts?sort=daysleft");
        var descending = await client.GetAsync("/inventory/alerts?sort=daysleft&desc=true");

        Skus(ascending).Should().Equal("A-GONE", "C-FAST", "D-SLOW", "B-NONE");
        Skus(descending).Should().Equal("D-SLOW", "C-FAST", "A-GONE", "B-NONE");
        ascending.Document.QuerySelectorAll("tbody tr [data-testid=days-left]").Select(e => e.TextContent.Trim())
            .Should().Equal("Out now", "15 days", "120 days", "No recent sales");
    }

    private static List<string> Skus(Page page) => [.. page.Document.QuerySelectorAll("tbody tr .sku").Select(e => e.TextContent.Trim())];

    private static IElement Row(Page page, string sku) =>
        page.Document.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector(".sku")?.TextContent.Trim() == sku);

    private static void Tick(Page page, params string[] skus)
    {
        foreach (var sku in skus)
        {
            Row(page, sku).QuerySelector<IHtmlInputElement>("input.alert-row")!.IsChecked = true;
        }
    }
}
