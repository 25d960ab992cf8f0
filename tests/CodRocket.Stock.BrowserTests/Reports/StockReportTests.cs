using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using Microsoft.Playwright;

namespace CodRocket.Stock.BrowserTests.Reports;

public class StockReportTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_report_sorts_by_days_left_and_a_product_opens_on_its_chart()
    {
        var app = browser.App;
        var store = await app.CreateStoreAsync("Atlas Home");
        await app.SetStoreAsync(store.TenantId, "UTC", 30, defaultThreshold: 5);
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var rak = await app.AddWarehouseAsync(store.TenantId, "RAK");
        var glasses = await app.AddProductAsync(store.TenantId, "TEA-GLS-6", 12);
        var mugs = await app.AddProductAsync(store.TenantId, "MUG-CER-01", 15);
        var cushions = await app.AddProductAsync(store.TenantId, "CSH-LIN-45");
        var now = DateTimeOffset.UtcNow;
        foreach (var (product, warehouse, quantity) in new[] { (glasses, cas, 120), (glasses, rak, 20), (mugs, cas, 200), (cushions, cas, 30) })
        {
            await app.ReceiveAtAsync(store.TenantId, now.AddDays(-31), product, warehouse, quantity);
        }
        foreach (var product in new[] { glasses, mugs })
        {
            await app.SetReplenishmentAsync(store.TenantId, product, leadTime: 4, safety: 5);
        }
        // A month of sales: tea glasses go fast from both warehouses, mugs slowly; one order cancelled, one returned.
        for (var daysAgo = 29; daysAgo >= 0; daysAgo--)
        {
            var at = now.AddDays(-daysAgo).AddMinutes(-30);
            var order = await app.PlaceAtAsync(store.TenantId, at, OrderSeeding.Draft(cas, ("TEA-GLS-6", 2 + daysAgo % 3)));
            if (daysAgo % 3 == 0)
            {
                await app.PlaceAtAsync(store.TenantId, at, OrderSeeding.Draft(cas, ("MUG-CER-01", 1)));
                await app.PlaceAtAsync(store.TenantId, at, OrderSeeding.Draft(rak, ("TEA-GLS-6", 1)));
            }
            if (daysAgo == 10)
            {
                await app.MoveAtAsync(store.TenantId, at, order.Id, OrderStatus.Cancelled);
            }
            else if (daysAgo > 2)
            {
                await app.MoveAtAsync(store.TenantId, at, order.Id, OrderStatus.Confirmed, OrderStatus.Shipped,
                    daysAgo == 20 ? OrderStatus.Returned : OrderStatus.Delivered);
            }
        }
        var page = await browser.SignedInPageAsync(store);

        await page.Locator(".sidebar").GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Stock report");
        var rows = page.GetByTestId("report-row");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.First).ToContainTextAsync("TEA-GLS-6", new() { Timeout = 5_000 });
        await Assertions.Expect(rows.Last).ToContainTextAsync("No recent sales");
        await BrowserFixture.ScreenshotAsync(page, "stock-report");

        var daysLeft = page.GetByRole(AriaRole.Columnheader, new() { Name = "Days left" });
        await Assertions.Expect(daysLeft).ToHaveAttributeAsync("aria-sort", "ascending");
        await daysLeft.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(daysLeft).ToHaveAttributeAsync("aria-sort", "descending");
        await Assertions.Expect(rows.First).ToContainTextAsync("MUG-CER-01");
        await Assertions.Expect(rows.Last).ToContainTextAsync("CSH-LIN-45", new() { Timeout = 5_000 });
        await daysLeft.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(rows.First).ToContainTextAsync("TEA-GLS-6");

        await page.GetByLabel("Rows").SelectOptionAsync("warehouse");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await BrowserFixture.ScreenshotAsync(page, "stock-report-warehouses");

        await page.GotoAsync("/reports");
        await rows.First.GetByRole(AriaRole.Link, new() { Name = "TEA-GLS-6", Exact = true }).ClickAsync();
        var forecast = page.GetByTestId("forecast");
        await Assertions.Expect(forecast).ToBeVisibleAsync();
        await Assertions.Expect(forecast.GetByRole(AriaRole.Img, new() { Name = "Daily available stock and units sold" })).ToBeVisibleAsync();
        await Assertions.Expect(forecast.GetByTestId("suggestions")).ToContainTextAsync("/day × 4 days + 5 safety");
        await BrowserFixture.ScreenshotAsync(page, "product-forecast");

        await forecast.GetByLabel("Show").SelectOptionAsync(new SelectOptionValue { Label = "RAK" });
        await Assertions.Expect(page.GetByTestId("forecast")).ToContainTextAsync("Daily stock and sales · RAK");
    }
}
