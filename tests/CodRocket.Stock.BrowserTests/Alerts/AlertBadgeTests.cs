using CodRocket.Stock.Testing;
using Microsoft.Playwright;

namespace CodRocket.Stock.BrowserTests.Alerts;

public class AlertBadgeTests(BrowserFixture browser)
{
    [Fact]
    public async Task Taking_stock_below_the_threshold_raises_the_badge_and_shows_the_dashboard_card()
    {
        var app = browser.App;
        var store = await app.CreateStoreAsync("Dar Tissage");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "RUG-KLM-90", threshold: 10, (warehouse, 15));
        var page = await browser.SignedInPageAsync(store);
        var badge = page.Locator(".sidebar [data-testid=alert-badge]");
        await Assertions.Expect(page.GetByTestId("alert-card")).ToContainTextAsync("All is well");
        await Assertions.Expect(badge).ToHaveCountAsync(0);

        await page.GotoAsync($"/inventory/products/{product}/adjust");
        await page.GetByLabel("Counted quantity").FillAsync("6");
        await page.GetByLabel("Reason").SelectOptionAsync(new SelectOptionValue { Label = "Damaged" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save count" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("set to 6");
        await Assertions.Expect(badge).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator(".status-pill").First).ToContainTextAsync("Low stock");

        await page.Locator(".sidebar").GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        var card = page.GetByTestId("alert-card");
        await Assertions.Expect(card).ToContainTextAsync("RUG-KLM-90");
        await Assertions.Expect(card.GetByTestId("alert-days-left")).ToContainTextAsync("No recent sales");
        await BrowserFixture.ScreenshotAsync(page, "dashboard-alert");

        await card.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Assertions.Expect(badge).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("alert-card")).ToContainTextAsync("Nothing needs attention right now");
    }

    [Fact]
    public async Task The_page_checkbox_ticks_every_alert_and_one_press_acknowledges_them_all()
    {
        var app = browser.App;
        var store = await app.CreateStoreAsync("Atlas Argan");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "RAK");
        foreach (var sku in new[] { "ARG-50", "ARG-100", "ARG-250" })
        {
            await app.AddProductAsync(store.TenantId, sku, threshold: 10, (warehouse, 3));
        }
        var page = await browser.SignedInPageAsync(store);
        var badge = page.Locator(".sidebar [data-testid=alert-badge]");

        await page.GotoAsync("/inventory/alerts");
        await Assertions.Expect(badge).ToHaveTextAsync("3");
        await page.GetByLabel("Select all alerts on this page").CheckAsync();
        await Assertions.Expect(page.Locator("input.alert-row:checked")).ToHaveCountAsync(3);
        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge ticked" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("3 alerts acknowledged.");
        await Assertions.Expect(badge).ToHaveCountAsync(0);
        await page.Locator("tbody tr", new() { HasText = "ARG-100" }).GetByRole(AriaRole.Button, new() { Name = "Un-acknowledge" }).ClickAsync();
        await Assertions.Expect(badge).ToHaveTextAsync("1");
    }
}
