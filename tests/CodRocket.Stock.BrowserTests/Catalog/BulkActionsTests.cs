using CodRocket.Stock.Testing;
using Microsoft.Playwright;

namespace CodRocket.Stock.BrowserTests.Catalog;

public class BulkActionsTests(BrowserFixture browser)
{
    [Fact]
    public async Task Ticking_products_and_setting_their_Low_Stock_Alert_previews_then_applies()
    {
        var app = browser.App;
        var store = await app.CreateStoreAsync("Dar Tissage");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "RUG-KLM-90", threshold: 2, (warehouse, 8));
        await app.AddProductAsync(store.TenantId, "RUG-KLM-120", threshold: 2, (warehouse, 30));
        await app.AddProductAsync(store.TenantId, "POUF-LTH-01", threshold: 2, (warehouse, 4));
        var page = await browser.SignedInPageAsync(store);

        await page.GotoAsync("/inventory/products");
        await page.GetByLabel("Select RUG-KLM-90").CheckAsync();
        await page.GetByLabel("Select RUG-KLM-120").CheckAsync();
        await Assertions.Expect(page.Locator("#bulk-count")).ToContainTextAsync("2 selected");
        await BrowserFixture.ScreenshotAsync(page, "bulk-selection");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bulk Actions" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Set Low Stock Alert" }).ClickAsync();

        await page.GetByLabel("Low Stock Alert").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview", Exact = true }).ClickAsync();
        var preview = page.Locator("#bulk-preview");
        await Assertions.Expect(preview).ToContainTextAsync("Nothing has changed yet.");
        await Assertions.Expect(page.Locator("#bulk-preview-text")).ToContainTextAsync("All 2 selected products will change.");
        await Assertions.Expect(page.Locator("#bulk-preview-text")).ToContainTextAsync("1 would be at or below their threshold");
        await BrowserFixture.ScreenshotAsync(page, "bulk-preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Apply to 2 products" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Low Stock Alert set to 10 on 2 products.");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Alerts: 1 opened");
        await Assertions.Expect(page.Locator(".sidebar [data-testid=alert-badge]")).ToHaveTextAsync("1");
        await BrowserFixture.ScreenshotAsync(page, "bulk-result");
    }
}
