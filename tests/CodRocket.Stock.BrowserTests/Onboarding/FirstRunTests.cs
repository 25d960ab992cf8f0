using System.Text.Json;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CodRocket.Stock.BrowserTests.Onboarding;

/// <summary>
/// A new merchant on a phone: the browser's time zone is guessed on the sign-up form, the language chosen there is the
/// one the app then speaks, and the dashboard's first-run checklist is on the first screen, dismissable for good.
/// axe-core finds nothing on either page.
/// </summary>
public class FirstRunTests(BrowserFixture browser)
{
    private static readonly string Axe = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Accessibility", "axe.min.js"));

    private const string RunAxe = """
        async () => {
            const rules = Object.fromEntries(axe.getRules().filter(r => r.tags.includes('experimental')).map(r => [r.ruleId, { enabled: true }]));
            const result = await axe.run(document, { rules, resultTypes: ['violations'] });
            return JSON.stringify(result.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')));
        }
        """;

    [Fact]
    public async Task A_merchant_signing_up_on_a_phone_gets_the_browsers_time_zone_the_chosen_language_and_a_checklist_on_the_first_screen()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.App.ServerAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "fr-FR",
            TimezoneId = "America/Toronto",
        });
        // An init script is not subject to the page's Content-Security-Policy, which refuses inline scripts.
        await context.AddInitScriptAsync(Axe);
        var page = await context.NewPageAsync();
        var email = $"merchant-{Guid.NewGuid():N}@example.test";

        await page.GotoAsync("/account/sign-up");
        await Assertions.Expect(page.Locator("select[name='Input.TimeZone']")).ToHaveValueAsync("America/Toronto");
        await Assertions.Expect(page.Locator("select[name='Input.Country']")).ToHaveValueAsync("FR");
        await Assertions.Expect(page.Locator("select[name='Input.Language']")).ToHaveValueAsync("fr");
        (await AxeAsync(page)).Should().BeEmpty("the sign-up form at 390 px");
        await page.Locator("[name='Input.StoreName']").FillAsync("Lumière & Lin");
        await page.Locator("[name='Input.FullName']").FillAsync("Camille Martin");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("[name='Input.Password']").FillAsync("a long enough phrase");
        await page.Locator("select[name='Input.Language']").SelectOptionAsync("en");
        await page.Locator("button.btn-primary[type=submit]").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        var stored = await browser.App.AcrossStoresAsync(db => db.Users.IgnoreQueryFilters().Where(u => u.Email == email)
            .Join(db.Tenants.IgnoreQueryFilters(), u => u.TenantId, t => t.Id, (_, t) => new { t.Country, t.TimeZone, t.Language }).SingleAsync());
        stored.Should().BeEquivalentTo(new { Country = "FR", TimeZone = "America/Toronto", Language = "en" });

        var checklist = page.GetByTestId("first-run");
        await Assertions.Expect(checklist.GetByRole(AriaRole.Heading, new() { Name = "First steps" })).ToBeVisibleAsync();
        await Assertions.Expect(checklist.GetByTestId("first-run-progress")).ToHaveTextAsync("0 of 6 done");
        var box = await checklist.BoundingBoxAsync();
        box!.Y.Should().BeLessThan(844, "a new store's first steps start on the phone's first screen");
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "a long e-mail address breaks too");
        var firstStep = await checklist.Locator("a.first-run-step").First.BoundingBoxAsync();
        firstStep!.Height.Should().BeGreaterThanOrEqualTo(44, "each step is a tap target");
        (await AxeAsync(page)).Should().BeEmpty("the dashboard with its checklist at 390 px");
        await BrowserFixture.ScreenshotAsync(page, "phone-first-run");

        await checklist.GetByRole(AriaRole.Link, new() { Name = "Add a warehouse" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/warehouses/create$"));
        await page.GoBackAsync();
        await page.GetByTestId("first-run").GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("first-run")).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("first-run")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task With_open_alerts_the_alert_card_stays_on_a_phones_first_screen_above_the_checklist()
    {
        var app = browser.App;
        var store = await app.CreateStoreAsync("Dar Tissage");
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "RUG-KLM-90", 10, (cas, 4));
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.ServerAddress.ToString(), ViewportSize = new ViewportSize { Width = 390, Height = 844 }, Locale = "en-US",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email").FillAsync(store.Email);
        await page.GetByLabel("Password").FillAsync(StockApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));

        var alertCard = await page.GetByTestId("alert-card").BoundingBoxAsync();
        var checklist = await page.GetByTestId("first-run").BoundingBoxAsync();

        alertCard!.Y.Should().BeLessThan(844, "the alert card is on the first screen");
        var acknowledge = await page.Locator("[data-testid=alert-card] form[action*='handler=Acknowledge'] button").First.BoundingBoxAsync();
        (acknowledge!.Y + acknowledge.Height).Should().BeLessThan(844, "its actions too");
        checklist!.Y.Should().BeGreaterThan(alertCard.Y, "the first steps come after what is running out");
    }

    private static async Task<List<string>> AxeAsync(IPage page) =>
        JsonSerializer.Deserialize<List<string>>(await page.EvaluateAsync<string>(RunAxe))!;
}
