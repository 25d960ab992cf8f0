using CodRocket.Stock.Testing;
using Microsoft.Playwright;

namespace CodRocket.Stock.BrowserTests.Crawl;

/// <summary>
/// The standing guard of issue 13: in a store with more than two pages of every list, a merchant can visit every page,
/// page every list, download every export and submit the everyday forms, in English and in French, with no error
/// response, no console error and no POST form without its antiforgery token.
/// </summary>
public class SiteCrawlTests(BrowserFixture browser)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (TestStore Store, BusyStore Lists)? _seeded;

    /// <summary>One busy store for both languages (seeding it is most of the cost).</summary>
    private async Task<(TestStore Store, BusyStore Lists)> BusyStoreAsync()
    {
        await Gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_seeded is null)
            {
                var store = await browser.App.CreateStoreAsync("Crawl Bazaar");
                _seeded = (store, await browser.App.SeedBusyStoreAsync(store.TenantId));
            }
            return _seeded.Value;
        }
        finally
        {
            Gate.Release();
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public async Task Every_page_pager_export_and_everyday_form_works(string language)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (store, lists) = await BusyStoreAsync();
        var seeded = clock.ElapsedMilliseconds;
        // The other language's run applied this suggestion: take it back so there is one to apply.
        await browser.App.SetProductThresholdAsync(store.TenantId, lists.Ordered, null);
        var page = await browser.SignedInPageAsync(store);
        var crawler = new SiteCrawler(page, language);

        await crawler.SwitchLanguageAsync();
        var signedIn = clock.ElapsedMilliseconds;
        await crawler.CrawlAsync($"/inventory/products/{lists.Busy}");
        var crawled = clock.ElapsedMilliseconds;
        await crawler.SubmitAsync($"/inventory/products/{lists.Ordered}", "[data-testid=suggestions] form button[type=submit]");
        await crawler.SubmitAsync("/inventory/alerts", "form[action*='handler=Acknowledge'] button[type=submit]");
        await crawler.SubmitAsync("/inventory/alerts", "form[action*='handler=Snooze'] button[name=hours][value='4']",
            p => p.Locator("form[action*='handler=Snooze'] button.dropdown-toggle").First.ClickAsync());
        await crawler.SubmitAsync("/settings/notifications", "form[action*='handler=TestEmail'] button");
        await crawler.SubmitAsync($"/inventory/products/{lists.Busy}/receive", "main form[method=post] button[type=submit]", async p =>
        {
            await p.Locator("select[name='Input.WarehouseId']").SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await p.Locator("input[name='Input.Quantity']").FillAsync("5");
        });
        // Forms saved as they are: nothing changes, and nothing breaks.
        await crawler.SubmitAsync($"/inventory/products/{lists.Busy}/edit", "main form[method=post]:not([action*='handler=']) button[type=submit]");
        await crawler.SubmitAsync($"/warehouses/{lists.Cas}/edit", "main form[method=post]:not([action*='handler=']) button[type=submit]");
        await crawler.SubmitAsync("/settings", "main form[method=post] button[type=submit].btn-primary");
        await page.Context.CloseAsync();

        // What the crawl saw, beside the screenshots (CI keeps them).
        await File.WriteAllTextAsync(Path.Combine(BrowserFixture.ScreenshotsDir, $"crawl-{language}.txt"),
            $"seeded {seeded} ms, signed in {signedIn} ms, crawled {crawled} ms, all {clock.ElapsedMilliseconds} ms\n" +
            $"{language}: {crawler.Visited.Count} pages, {crawler.PagersFollowed.Count} pagers, {crawler.Downloads.Count} downloads, {crawler.PostForms} POST forms\n"
            + string.Join("\n", crawler.Timings) + "\n\nDownloads:\n" + string.Join("\n", crawler.Downloads)
            + "\n\nProblems:\n" + string.Join("\n", crawler.Problems), TestContext.Current.CancellationToken);
        crawler.Problems.Should().BeEmpty(string.Join("\n", crawler.Problems));
        crawler.Visited.Should().Contain(["/inventory/products", "/inventory/alerts", "/orders", "/warehouses", "/reports", "/settings",
            "/settings/notifications", $"/inventory/products/{lists.Busy}"]);
        crawler.Visited.Should().Contain(v => v.StartsWith("/orders/", StringComparison.Ordinal) && v.Length > 30, "an order's page is linked from the list");
        crawler.PagersFollowed.Should().Contain(["/inventory/products", "/inventory/alerts", "/orders", "/reports", "/settings/notifications"]);
        crawler.PagersFollowed.Should().Contain(v => v.StartsWith("/inventory/products/", StringComparison.Ordinal) && v.EndsWith("/history", StringComparison.Ordinal),
            "the settings history pages");
        crawler.PagersFollowed.Should().Contain(v => v.StartsWith("/inventory/products/", StringComparison.Ordinal) && !v.EndsWith("/history", StringComparison.Ordinal),
            "a product's movements page");
        crawler.Downloads.Should().HaveCount(2, "the products export and the stock report export")
            .And.OnlyContain(d => !d.EndsWith("(0 rows)", StringComparison.Ordinal), "both are downloaded unfiltered, with every row");
        crawler.PostForms.Should().BePositive();
        if (language != "en")
        {
            browser.App.MissingTranslations.Keys.Should().BeEmpty("every page the crawl saw in French is translated");
        }
    }
}
