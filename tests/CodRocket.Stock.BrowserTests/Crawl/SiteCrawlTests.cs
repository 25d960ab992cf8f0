using CodRocket.Stock.Testing;

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
        var (store, lists) = await BusyStoreAsync();
        // The other language's run applied this suggestion: take it back so there is one to apply.
        await browser.App.SetProductThresholdAsync(store.TenantId, lists.Ordered, null);
        var page = await browser.SignedInPageAsync(store);
        var crawler = new SiteCrawler(page, language);

        await crawler.SwitchLanguageAsync();
        await crawler.CrawlAsync($"/inventory/products/{lists.Busy}");
        await crawler.SubmitAsync($"/inventory/products/{lists.Ordered}", "[data-testid=suggestions] form button[type=submit]");
        await crawler.SubmitAsync("/inventory/alerts", "form[action*='handler=Acknowledge'] button[type=submit]");
        await crawler.SubmitAsync("/inventory/alerts", "form[action*='handler=Snooze'] button[name=hours][value='4']",
            opener: "form[action*='handler=Snooze'] button.dropdown-toggle");
        await crawler.SubmitAsync("/settings/notifications", "form[action*='handler=TestEmail'] button");
        await page.Context.CloseAsync();

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{language}: {crawler.Visited.Count} pages, {crawler.PagersFollowed.Count} pagers, {crawler.Downloads.Count} downloads, {crawler.PostForms} POST forms\n"
            + string.Join("\n", crawler.Visited));
        crawler.Problems.Should().BeEmpty(string.Join("\n", crawler.Problems));
        crawler.Visited.Should().Contain(["/inventory/products", "/inventory/alerts", "/orders", "/warehouses", "/reports", "/settings",
            "/settings/notifications", $"/inventory/products/{lists.Busy}"]);
        crawler.Visited.Should().Contain(v => v.StartsWith("/orders/", StringComparison.Ordinal) && v.Length > 30, "an order's page is linked from the list");
        crawler.PagersFollowed.Should().Contain(["/inventory/products", "/inventory/alerts", "/orders", "/reports", "/settings/notifications"]);
        crawler.PagersFollowed.Should().Contain(v => v.StartsWith("/inventory/products/", StringComparison.Ordinal) && v.EndsWith("/history", StringComparison.Ordinal),
            "the settings history pages");
        crawler.PagersFollowed.Should().Contain(v => v.StartsWith("/inventory/products/", StringComparison.Ordinal) && !v.EndsWith("/history", StringComparison.Ordinal),
            "a product's movements page");
        crawler.Downloads.Should().HaveCountGreaterThanOrEqualTo(2, "the products export and the stock report export");
        crawler.PostForms.Should().BePositive();
        if (language != "en")
        {
            browser.App.MissingTranslations.Keys.Should().BeEmpty("every page the crawl saw in French is translated");
        }
    }
}
