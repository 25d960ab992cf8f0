using CodRocket.Stock.Testing;
using Microsoft.Playwright;

namespace CodRocket.Stock.BrowserTests.Security;

/// <summary>The pages with scripts still work under the Content-Security-Policy, and the browser reports no violation.</summary>
public class ContentSecurityPolicyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Bulk_select_the_order_form_confirmations_and_the_language_switcher_work_with_no_CSP_violation()
    {
        var app = browser.App;
        var store = await app.CreateStoreAsync("Souk Digital");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "TEA-MNT-100", threshold: 2, (warehouse, 8));
        await app.AddProductAsync(store.TenantId, "TEA-VRB-100", threshold: 2, (warehouse, 8));
        var page = await browser.SignedInPageAsync(store);
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            // Chromium reports each blocked script, handler or style as "Refused to … Content Security Policy …".
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) || message.Text.StartsWith("Refused", StringComparison.Ordinal))
            {
                problems.Add(message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add(error);

        await page.GotoAsync("/inventory/products");
        await page.GetByLabel("Select TEA-MNT-100").CheckAsync();
        await Assertions.Expect(page.Locator("#bulk-count")).ToContainTextAsync("1 selected");

        await page.GotoAsync("/orders/create");
        await page.GetByLabel("Ships from").SelectOptionAsync(warehouse.ToString());
        var rows = await page.Locator(".order-line-row").CountAsync();
        await page.Locator("#add-line").ClickAsync();
        await Assertions.Expect(page.Locator(".order-line-row")).ToHaveCountAsync(rows + 1);
        await page.GetByLabel("SKU", new() { Exact = true }).First.FillAsync("TEA");
        await Assertions.Expect(page.Locator("#sku-options option")).ToHaveCountAsync(2);

        await page.GotoAsync("/settings/api-keys");
        await page.GetByLabel("Key name").FillAsync("Storefront");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Assertions.Expect(page.Locator("#created-key")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^crs_"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Revoke this key?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Revoke Storefront" }).ClickAsync();
        await Assertions.Expect(page.Locator(".status-pill").First).ToContainTextAsync("Revoked");

        await page.GetByRole(AriaRole.Button, new() { Name = "Language" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Français" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");

        problems.Should().BeEmpty("no script or style is refused by the Content-Security-Policy");
    }
}
