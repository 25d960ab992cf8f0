using CodRocket.Stock.Catalog;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CodRocket.Stock.BrowserTests.Orders;

public class WarningOnlyOrderTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_short_warning_only_line_asks_first_and_confirming_takes_the_order_and_oversells()
    {
        var app = browser.App;
        var store = await app.CreateStoreAsync("Atlas Gadgets");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "RBT");
        var product = await app.AddProductAsync(store.TenantId, "PWB-10K", threshold: 2, (warehouse, 3));
        await app.SetPolicyAsync(store.TenantId, product, OutOfStockPolicy.Warn);
        var page = await browser.SignedInPageAsync(store);

        await page.GotoAsync("/orders/create");
        await page.GetByLabel("Customer", new() { Exact = true }).FillAsync("Youssef El Amrani");
        await page.GetByLabel("Phone").FillAsync("+212 661 234 567");
        await page.GetByLabel("City").FillAsync("Rabat");
        await page.GetByLabel("Ships from").SelectOptionAsync(warehouse.ToString());
        await page.GetByLabel("SKU", new() { Exact = true }).First.FillAsync("PWB-10K");
        await page.GetByLabel("Quantity").First.FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Take order" }).ClickAsync();

        var warning = page.GetByTestId("shortages");
        await Assertions.Expect(warning).ToContainTextAsync("Not enough stock for some lines");
        await Assertions.Expect(warning).ToContainTextAsync("5 wanted, 3 available");
        await BrowserFixture.ScreenshotAsync(page, "order-warning");
        Assert.Equal(0, await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync()));

        await warning.GetByRole(AriaRole.Button, new() { Name = "Take the order anyway" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Order");
        await Assertions.Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Youssef El Amrani");

        var level = await app.LevelAsync(store.TenantId, product, warehouse);
        Assert.Equal((3, 5), (level!.OnHand, level.Reserved));
        await page.GotoAsync($"/inventory/products/{product}");
        await Assertions.Expect(page.Locator(".status-pill").First).ToContainTextAsync("Oversold");
    }
}
