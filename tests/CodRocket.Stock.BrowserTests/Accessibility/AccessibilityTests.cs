using System.Text.Json;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using Microsoft.Playwright;

namespace CodRocket.Stock.BrowserTests.Accessibility;

/// <summary>
/// axe-core (a third party's measure, pinned: Accessibility/axe.min.js is axe-core 4.11.0 from npm, MPL-2.0) finds no
/// violation of any impact, experimental rules included, on the signed-in pages of a store with stock, alerts, orders
/// and a team, on a phone (390 px) and at a desk (1440 px), in English and French.
/// </summary>
public class AccessibilityTests(BrowserFixture browser)
{
    private static readonly string Axe = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Accessibility", "axe.min.js"));

    // axe's rules for WCAG 2.2 A/AA and best practices, plus the experimental ones (axe.run leaves those out unless
    // named). The AAA rules (7:1 contrast) stay off: the target is AA.
    private const string RunAxe = """
        async () => {
            const rules = Object.fromEntries(axe.getRules().filter(r => r.tags.includes('experimental')).map(r => [r.ruleId, { enabled: true }]));
            const result = await axe.run(document, { rules, resultTypes: ['violations'] });
            return JSON.stringify(result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 220))
            })));
        }
        """;

    public static TheoryData<int, string> Screens => new() { { 390, "en" }, { 390, "fr" }, { 1440, "en" }, { 1440, "fr" } };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Signed_in_pages_have_no_axe_violations(int width, string language)
    {
        var app = browser.App;
        var store = await app.CreateStoreAsync("Atlas Home", language: language);
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var rak = await app.AddWarehouseAsync(store.TenantId, "RAK");
        var product = await app.AddProductAsync(store.TenantId, "TEA-GLS-6", 12, (cas, 8), (rak, 30));
        await app.AddProductAsync(store.TenantId, "MUG-CER-01", 15, (cas, 3));
        await app.AddProductAsync(store.TenantId, "RUG-KLM-90", 5, (cas, 40));
        var placed = await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(cas, ("RUG-KLM-90", 2), ("TEA-GLS-6", 1)));
        var order = ((PlaceOrderResult.Placed)placed).Order.Id;
        var member = await app.AddMemberAsync(store.TenantId, "Youssef Staff", phone: "+212600000001");

        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.ServerAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 844 : 900 },
            Locale = "en-US",
        });
        // An init script is not subject to the page's Content-Security-Policy, which refuses inline scripts.
        await context.AddInitScriptAsync(Axe);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email").FillAsync(store.Email);
        await page.GetByLabel("Password").FillAsync(StockApp.Password);
        await page.Locator("main form button[type=submit], form button[type=submit]").First.ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));

        string[] urls =
        [
            "/", "/inventory/products", $"/inventory/products/{product}", $"/inventory/products/{product}/edit",
            $"/inventory/products/{product}/history", $"/inventory/products/{product}/receive", $"/inventory/products/{product}/adjust",
            $"/inventory/products/{product}/transfer", "/inventory/products/create", "/inventory/products/import", "/inventory/alerts",
            "/orders", "/orders/create", $"/orders/{order}", "/warehouses", "/warehouses/create", $"/warehouses/{cas}/edit", "/reports",
            "/settings", "/settings/notifications", "/settings/seasons", "/settings/team", "/settings/team/invite",
            $"/settings/team/{member.Id}/edit", "/settings/api-keys",
        ];
        var problems = new List<string>();
        foreach (var url in urls)
        {
            var response = await page.GotoAsync(url);
            response!.Status.Should().Be(200, url);
            var violations = JsonSerializer.Deserialize<List<Violation>>(await page.EvaluateAsync<string>(RunAxe))!;
            problems.AddRange(violations.Select(v => $"{url} [{v.impact}] {v.id}: {v.help}\n    " + string.Join("\n    ", v.nodes)));
        }

        string.Join("\n", problems).Should().BeEmpty($"axe at {width} px in {language} finds {problems.Count} violations");
    }

#pragma warning disable IDE1006 // JSON names as axe gives them
    private sealed record Violation(string id, string? impact, string help, List<string> nodes);
#pragma warning restore IDE1006
}
