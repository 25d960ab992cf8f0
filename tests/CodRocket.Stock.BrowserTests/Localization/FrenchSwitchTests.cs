using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using Microsoft.Playwright;

namespace CodRocket.Stock.BrowserTests.Localization;

public class FrenchSwitchTests(BrowserFixture browser)
{
    [Fact]
    public async Task Switching_to_french_in_the_top_bar_turns_the_app_french_without_overflowing_the_layout()
    {
        var app = browser.App;
        var store = await app.CreateStoreAsync("Coopérative Argan Essaouira");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "ESS");
        var product = await app.AddProductAsync(store.TenantId, "ARG-OIL-250", threshold: 1500, (warehouse, 1234));
        await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, ("ARG-OIL-250", 3)));
        var page = await browser.SignedInPageAsync(store);
        var sidebar = page.Locator(".sidebar");
        await Assertions.Expect(sidebar).ToContainTextAsync("Warehouses");

        await page.GetByRole(AriaRole.Button, new() { Name = "Language" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Français" }).ClickAsync();

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        foreach (var word in new[] { "Tableau de bord", "Inventaire", "Commandes", "Entrepôts", "Rapports", "Paramètres", "Boutique" })
        {
            await Assertions.Expect(sidebar).ToContainTextAsync(word);
        }
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Langue" })).ToContainTextAsync("fr");
        await BrowserFixture.ScreenshotAsync(page, "fr-dashboard");
        (await OverflowsAsync(page)).Should().BeFalse("the dashboard fits its width in French");

        await page.GotoAsync($"/inventory/products/{product}");
        await Assertions.Expect(page.Locator(".topbar")).ToContainTextAsync("ARG-OIL-250");
        await BrowserFixture.ScreenshotAsync(page, "fr-product");
        (await OverflowsAsync(page)).Should().BeFalse("the product page fits its width in French");

        foreach (var (url, name, text) in new[]
                 {
                     ("/warehouses", "fr-warehouses", "1 234"), ("/orders", "fr-orders", "Nouvelle"), ("/settings", "fr-settings", "Seuil d'alerte de stock bas par défaut"),
                     ("/inventory/alerts", "fr-alerts", "Stock bas"), ("/orders/create", "fr-order-create", "Prendre la commande"),
                 })
        {
            await page.GotoAsync(url);
            (await page.Locator("main").InnerTextAsync()).Replace('\u202F', ' ').Replace('\u00A0', ' ').Should().Contain(text, url);
            await BrowserFixture.ScreenshotAsync(page, name);
            (await OverflowsAsync(page)).Should().BeFalse(url);
        }

        // Narrower screens (a laptop in split view) keep the top bar and the tables inside the window too.
        await page.SetViewportSizeAsync(1024, 768);
        await page.GotoAsync("/settings");
        await BrowserFixture.ScreenshotAsync(page, "fr-settings-1024");
        (await OverflowsAsync(page)).Should().BeFalse("settings at 1024 px");
    }

    [Fact]
    public async Task The_sign_in_page_offers_the_languages_and_remembers_the_choice()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/sign-in");

        await page.GetByRole(AriaRole.Button, new() { Name = "Français" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("h1")).Not.ToContainTextAsync("Sign in");
        await Assertions.Expect(page.GetByLabel("Mot de passe")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "fr-sign-in");
    }

    /// <summary>True when anything sticks out horizontally (a French label too long for its column or button).</summary>
    private static Task<bool> OverflowsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
}
