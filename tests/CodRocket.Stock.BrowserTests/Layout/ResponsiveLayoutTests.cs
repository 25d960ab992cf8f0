using CodRocket.Stock.Data;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CodRocket.Stock.BrowserTests.Layout;

/// <summary>
/// A merchant on a phone (390 px) and at a desk (1440 px), in English and French: each everyday page fits the
/// screen's width, and its primary action is on screen without scrolling sideways. Screenshots are the review.
/// </summary>
public class ResponsiveLayoutTests(BrowserFixture browser)
{
    public static TheoryData<int, string> Screens => new()
    {
        { 390, "en" }, { 390, "fr" }, { 768, "en" }, { 1440, "en" }, { 1440, "fr" },
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Every_everyday_page_fits_the_screen_with_its_primary_action_in_view(int width, string language)
    {
        var app = browser.App;
        var store = await app.CreateStoreAsync("Atlas Home", language: language);
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var rak = await app.AddWarehouseAsync(store.TenantId, "RAK");
        var product = await app.AddProductAsync(store.TenantId, "TEA-GLS-6", 12, (cas, 8), (rak, 30));
        await app.AddProductAsync(store.TenantId, "MUG-CER-01", 15, (cas, 3));
        await app.AddProductAsync(store.TenantId, "CSH-LIN-45-NATUREL", 10, (cas, 1));
        await app.AddProductAsync(store.TenantId, "RUG-KLM-90", 5, (cas, 40), (rak, 12));
        await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(cas, ("RUG-KLM-90", 2), ("TEA-GLS-6", 1)));
        await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(rak, ("RUG-KLM-90", 1)));
        var page = await SignedInPageAsync(store, width);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        var pages = new (string Url, string Name, string PrimaryAction)[]
        {
            ("/", "dashboard", "[data-testid=alert-card] form[action*='handler=Acknowledge'] button"),
            ("/inventory/products", "products", ".page-header .btn-primary"),
            ($"/inventory/products/{product}", "product", ".page-header .btn-primary"),
            ("/inventory/alerts", "alerts", "form[action*='handler=Acknowledge'] button"),
            ("/orders", "orders", ".page-header .btn-primary"),
            ("/reports", "report", "form[role=search] button[type=submit]"),
        };

        foreach (var (url, name, primaryAction) in pages)
        {
            await page.GotoAsync(url);
            var action = page.Locator(primaryAction).First;
            await Assertions.Expect(action).ToBeVisibleAsync();
            var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            pageWidth.Should().BeLessThanOrEqualTo(width, $"{url} at {width} px in {language} does not scroll sideways");
            var box = await action.BoundingBoxAsync();
            box.Should().NotBeNull();
            box!.X.Should().BeGreaterThanOrEqualTo(0, $"{url}'s primary action at {width} px in {language}");
            (box.X + box.Width).Should().BeLessThanOrEqualTo(width, $"{url}'s primary action at {width} px in {language} is in view");
            if (width < 992)
            {
                box.Height.Should().BeGreaterThanOrEqualTo(44, $"{url}'s primary action at {width} px is a 44 px tap target");
            }
            await BrowserFixture.ScreenshotAsync(page, $"{Device(width)}-{name}{(language == "en" ? "" : "-" + language)}");
        }
    }

    [Fact]
    public async Task On_a_phone_the_top_bar_shows_the_alert_badge_and_opens_the_menu()
    {
        var app = browser.App;
        var store = await app.CreateStoreAsync("Dar Tissage");
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "RUG-KLM-90", 10, (cas, 4));
        var page = await SignedInPageAsync(store, 390);
        var sidebar = page.Locator("#sidebar");

        await Assertions.Expect(page.Locator(".topbar [data-testid=alert-badge]")).ToHaveTextAsync("1");
        await Assertions.Expect(sidebar).Not.ToBeInViewportAsync();
        var alertCard = await page.GetByTestId("alert-card").BoundingBoxAsync();
        alertCard!.Y.Should().BeLessThan(844, "the alert card is on the first screen of a phone");

        await page.GetByRole(AriaRole.Button, new() { Name = "Open the menu" }).ClickAsync();
        await Assertions.Expect(sidebar).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bshow\b"));
        await Assertions.Expect(sidebar).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("showing"));
        await Assertions.Expect(sidebar).ToBeInViewportAsync(new() { Ratio = 1 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotsDir, "phone-menu.png") });
        await sidebar.GetByRole(AriaRole.Link, new() { Name = "Orders" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Orders");

        await page.Locator(".topbar-alerts").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/inventory/alerts"));
        var acknowledge = page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge", Exact = true });
        var box = await acknowledge.BoundingBoxAsync();
        (box!.X + box.Width).Should().BeLessThanOrEqualTo(390, "Acknowledge stays in view while the table scrolls");
        await acknowledge.ClickAsync();
        await Assertions.Expect(page.Locator(".topbar [data-testid=alert-badge]")).ToHaveCountAsync(0);
    }

    /// <summary>The README's pictures: the demo store on a phone and at a desk, each page checked as above.</summary>
    [Fact]
    public async Task The_demo_store_fits_a_phone_and_a_desk()
    {
        Guid tenantId;
        await using (var scope = browser.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(TestContext.Current.CancellationToken);
            tenantId = await scope.ServiceProvider.GetRequiredService<StockDbContext>().Tenants.IgnoreQueryFilters()
                .Where(t => t.Name == "Atlas Home Goods").Select(t => t.Id).SingleAsync(TestContext.Current.CancellationToken);
        }
        var product = await browser.App.InDbAsync(tenantId, db => db.Products.Where(p => p.Sku == "TEA-GLS-6").Select(p => p.Id).SingleAsync());
        var demo = new TestStore(tenantId, Guid.Empty, "demo@codrocket.test", "Atlas Home Goods");

        foreach (var width in new[] { 390, 1440 })
        {
            var page = await SignedInPageAsync(demo, width, "Demo-stock-2026");
            foreach (var (url, name, primaryAction) in new[]
                     {
                         ("/", "dashboard", "[data-testid=alert-card] form[action*='handler=Acknowledge'] button"),
                         ("/inventory/products", "products", ".page-header .btn-primary"),
                         ($"/inventory/products/{product}", "product", ".page-header .btn-primary"),
                         ("/reports", "report", "form[role=search] button[type=submit]"),
                     })
            {
                await page.GotoAsync(url);
                (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(width, url);
                var box = await page.Locator(primaryAction).First.BoundingBoxAsync();
                (box!.X + box.Width).Should().BeLessThanOrEqualTo(width, url);
                await BrowserFixture.ScreenshotAsync(page, $"demo-{Device(width)}-{name}");
                if (width < 600 && name == "dashboard")
                {
                    // What the phone shows before any scrolling: the README puts it beside the desktop dashboard.
                    await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotsDir, "demo-phone-dashboard-first-screen.png") });
                }
            }
        }
    }

    private static string Device(int width) => width switch { < 600 => "phone", < 1000 => "tablet", _ => "desktop" };

    private async Task<IPage> SignedInPageAsync(TestStore store, int width, string password = StockApp.Password)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.App.ServerAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 844 : width < 1000 ? 1024 : 900 },
            DeviceScaleFactor = width < 600 ? 2 : 1,
            Locale = "en-US",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email").FillAsync(store.Email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
        return page;
    }
}
