using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CodRocket.Stock.BrowserTests.Safety;

/// <summary>
/// Nothing destructive happens by accident: the button opens a dialog that names the thing (going back leaves it
/// as it was), and without JavaScript the same question comes as a page before anything changes.
/// </summary>
public class ConfirmationTests(BrowserFixture browser)
{
    [Fact]
    public async Task Cancelling_an_order_asks_in_a_dialog_naming_the_order()
    {
        var app = browser.App;
        var store = await app.CreateStoreAsync("Souk Lumière");
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "LMP-BRS-30", 5, (cas, 20));
        var order = ((PlaceOrderResult.Placed)await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(cas, ("LMP-BRS-30", 2)))).Order;
        var page = await browser.SignedInPageAsync(store);
        await page.GotoAsync($"/orders/{order.Id}");
        var dialog = page.GetByRole(AriaRole.Dialog);

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel order", Exact = true }).ClickAsync();
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync($"Cancel order #{order.Number}?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Go back" }).ClickAsync();
        await Assertions.Expect(dialog).Not.ToBeVisibleAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("New");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel order", Exact = true }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = $"Cancel order #{order.Number}" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Cancelled");
        await BrowserFixture.ScreenshotAsync(page, "order-cancelled");
    }

    [Fact]
    public async Task Without_javascript_archiving_a_product_and_removing_a_member_ask_on_a_page_first()
    {
        var app = browser.App;
        var store = await app.CreateStoreAsync("Bazar Nour");
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "VAS-TER-20", 5, (cas, 9));
        var member = await app.AddMemberAsync(store.TenantId, "Salma Picker");
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.ServerAddress.ToString(), JavaScriptEnabled = false, Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email").FillAsync(store.Email);
        await page.GetByLabel("Password").FillAsync(StockApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));

        await page.GotoAsync($"/inventory/products/{product}/edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Archive product" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Archive VAS-TER-20?");
        await BrowserFixture.ScreenshotAsync(page, "phone-confirm-archive");
        (await app.InDbAsync(store.TenantId, db => db.Products.Where(p => p.Id == product).Select(p => p.IsArchived).SingleAsync()))
            .Should().BeFalse("nothing happens before confirming");
        await page.GetByRole(AriaRole.Button, new() { Name = "Archive VAS-TER-20" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1 .status-pill")).ToHaveTextAsync("Archived");

        await page.GotoAsync($"/settings/team/{member.Id}/edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove member" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Remove Salma Picker from the team?");
        await page.GetByRole(AriaRole.Link, new() { Name = "Go back" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/settings/team/{member.Id}/edit$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove member" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove Salma Picker" }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("Salma Picker was removed from the team");
    }
}
