using Microsoft.Playwright;

namespace CodRocket.Stock.BrowserTests.Inventory;

/// <summary>A new merchant's first minutes, in a real browser: sign up, a warehouse, a product, stock.</summary>
public class FirstStepsTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_new_merchant_signs_up_creates_a_warehouse_and_a_product_and_receives_stock()
    {
        var page = await browser.NewPageAsync();
        var email = $"merchant-{Guid.NewGuid():N}@example.test";

        await page.GotoAsync("/account/sign-up");
        await page.GetByLabel("Store name").FillAsync("Riad Ceramics");
        await page.GetByLabel("Your name").FillAsync("Karim Idrissi");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("a long enough phrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create store" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".sidebar-footer")).ToContainTextAsync("Riad Ceramics");

        await page.Locator(".sidebar").GetByRole(AriaRole.Link, new() { Name = "Warehouses" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New warehouse" }).First.ClickAsync();
        await page.GetByLabel("Code").FillAsync("fes");
        await page.GetByLabel("Name").FillAsync("Fès workshop");
        await page.GetByLabel("City").FillAsync("Fès");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create warehouse" }).ClickAsync();
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("FES");

        await page.Locator(".sidebar").GetByRole(AriaRole.Link, new() { Name = "Inventory" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New product" }).First.ClickAsync();
        await page.GetByLabel("SKU").FillAsync("BWL-ZLG-20");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Zellige bowl, 20 cm");
        await page.GetByLabel("Low Stock Alert").FillAsync("12");
        await page.GetByLabel("Supplier lead time").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Zellige bowl, 20 cm" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Receive", Exact = true }).ClickAsync();
        await page.GetByLabel("Quantity received").FillAsync("40");
        await page.GetByLabel("Note").FillAsync("First batch from the kiln");
        await page.GetByRole(AriaRole.Button, new() { Name = "Receive stock" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Received 40 × BWL-ZLG-20 into FES.");
        await Assertions.Expect(page.Locator(".stat-card").Filter(new() { HasText = "Available" })).ToContainTextAsync("40");
        await Assertions.Expect(page.Locator("table").Last).ToContainTextAsync("First batch from the kiln");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotsDir, "product-page.png"), FullPage = true });
    }
}
