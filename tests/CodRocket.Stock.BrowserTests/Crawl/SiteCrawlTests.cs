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
    private static Guid _webhook;

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
                // A webhook endpoint, so the crawl reaches its page (and its delivery log) from Settings → Webhooks.
                _webhook = (await browser.App.AddWebhookAsync(store.TenantId, "http://127.0.0.1:9/crawl-hooks")).Id;
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
        var product = $"/inventory/products/{lists.Busy}";
        await crawler.SubmitAsync($"/inventory/products/{lists.Ordered}", "[data-testid=suggestions] form button[type=submit]",
            $"/inventory/products/{lists.Ordered}");
        await crawler.SubmitAsync("/inventory/alerts", "form[action*='handler=Acknowledge'] button[type=submit]", "/inventory/alerts");
        await crawler.SubmitAsync("/inventory/alerts", "form[action*='handler=Snooze'] button[name=hours][value='4']", "/inventory/alerts",
            p => p.Locator("form[action*='handler=Snooze'] button.dropdown-toggle").First.ClickAsync());
        await crawler.SubmitAsync("/settings/notifications", "form[action*='handler=TestEmail'] button", "/settings/notifications");
        await crawler.SubmitAsync($"/settings/webhooks/{_webhook}", "form[action*='handler=Test'] button", $"/settings/webhooks/{_webhook}");
        await crawler.SubmitAsync($"{product}/receive", "main form[method=post] button[type=submit]", product, async p =>
        {
            await p.Locator("select[name='Input.WarehouseId']").SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await p.Locator("input[name='Input.Quantity']").FillAsync("5");
        });
        await crawler.SubmitAsync($"{product}/transfer", "main form[method=post] button[type=submit]", product, async p =>
        {
            await p.Locator("select[name='Input.FromWarehouseId']").SelectOptionAsync(lists.Cas.ToString());
            await p.Locator("select[name='Input.ToWarehouseId']").SelectOptionAsync(lists.Rak.ToString());
            await p.Locator("input[name='Input.Quantity']").FillAsync("2");
        });
        await CountBelowReservedAsync(crawler, $"/inventory/products/{lists.Ordered}", lists.Cas);
        // Forms saved as they are: nothing changes, and nothing breaks.
        await crawler.SubmitAsync($"{product}/edit", "main form[method=post]:not([action*='handler=']) button[type=submit]", product);
        await crawler.SubmitAsync($"/warehouses/{lists.Cas}/edit", "main form[method=post]:not([action*='handler=']) button[type=submit]", "/warehouses");
        await crawler.SubmitAsync("/settings", "main form[method=post] button[type=submit].btn-primary", "/settings");
        // Everyday creations, one per language (codes and names carry the language so both runs create).
        var tag = language.ToUpperInvariant();
        await crawler.SubmitAsync("/inventory/products/create", "main form[method=post] button[type=submit]", "/inventory/products/{id}", async p =>
        {
            await p.Locator("input[name='Input.Sku']").FillAsync($"CRAWL-{tag}");
            await p.Locator("input[name='Input.Name']").FillAsync($"Crawled product {tag}");
            await p.Locator("input[name='Input.Settings.LowStockThreshold']").FillAsync("3");
        });
        await crawler.SubmitAsync("/warehouses/create", "main form[method=post] button[type=submit]", "/warehouses", async p =>
        {
            await p.Locator("input[name='Input.Code']").FillAsync($"W{tag}");
            await p.Locator("input[name='Input.Name']").FillAsync($"Crawl depot {tag}");
        });
        await OrderAndConfirmAsync(crawler, lists.Cas);
        await BulkSetThresholdAsync(crawler, language == "en" ? 31 : 32);
        await ImportAsync(crawler, tag);
        await crawler.SubmitAsync("/settings/seasons", "main form[method=post]:not([action*='handler=']) button[type=submit]", "/settings/seasons", async p =>
        {
            // Seasons may not overlap: each language's season has its own month.
            var month = language == "en" ? "01" : "03";
            await p.Locator("input[name='Input.Name']").FillAsync($"Crawl season {tag}");
            await p.Locator("input[name='Input.StartsOn']").FillAsync($"2031-{month}-01");
            await p.Locator("input[name='Input.EndsOn']").FillAsync($"2031-{month}-28");
            await p.Locator("input[name='Input.Factor']").FillAsync("1.5");
        });
        await crawler.SubmitAsync("/settings/team/invite", "main form[method=post] button[type=submit]", "/settings/team", async p =>
        {
            await p.Locator("input[name='Input.FullName']").FillAsync($"Crawl invitee {tag}");
            await p.Locator("input[name='Input.Email']").FillAsync($"crawl-{language}-{Guid.NewGuid():N}@example.test");
        });
        var submitted = clock.ElapsedMilliseconds;
        await page.Context.CloseAsync();

        // What the crawl saw, beside the screenshots (CI keeps them).
        await File.WriteAllTextAsync(Path.Combine(BrowserFixture.ScreenshotsDir, $"crawl-{language}.txt"),
            $"seeded {seeded} ms, signed in {signedIn} ms, crawled {crawled} ms, submitted {submitted} ms, all {clock.ElapsedMilliseconds} ms\n" +
            $"{language}: {crawler.Visited.Count} pages, {crawler.PagersFollowed.Count} pagers, {crawler.Downloads.Count} downloads, {crawler.PostForms} POST forms\n"
            + string.Join("\n", crawler.Timings) + "\n\nDownloads:\n" + string.Join("\n", crawler.Downloads)
            + "\n\nSubmitted:\n" + string.Join("\n", crawler.Submitted)
            + "\n\nProblems:\n" + string.Join("\n", crawler.Problems), TestContext.Current.CancellationToken);
        crawler.Problems.Should().BeEmpty(string.Join("\n", crawler.Problems));
        crawler.Visited.Should().Contain(["/inventory/products", "/inventory/alerts", "/orders", "/warehouses", "/reports", "/settings",
            "/settings/notifications", $"/inventory/products/{lists.Busy}", "/settings/webhooks", $"/settings/webhooks/{_webhook}"]);
        crawler.Visited.Should().Contain(v => v.StartsWith("/orders/", StringComparison.Ordinal) && v.Length > 30, "an order's page is linked from the list");
        crawler.Visited.Should().Contain(v => v.StartsWith("/inventory/products/changes/", StringComparison.Ordinal), "a bulk change's page is linked from the settings history");
        crawler.PagersFollowed.Should().Contain(["/inventory/products", "/inventory/alerts", "/orders", "/reports", "/settings/notifications"]);
        crawler.PagersFollowed.Should().Contain(v => v.StartsWith("/inventory/products/", StringComparison.Ordinal) && v.EndsWith("/history", StringComparison.Ordinal),
            "the settings history pages");
        crawler.PagersFollowed.Should().Contain(v => v.StartsWith("/inventory/products/", StringComparison.Ordinal) && !v.EndsWith("/history", StringComparison.Ordinal),
            "a product's movements page");
        crawler.Downloads.Should().HaveCount(2, "the products export and the stock report export")
            .And.OnlyContain(d => !d.EndsWith("(0 rows)", StringComparison.Ordinal), "both are downloaded unfiltered, with every row");
        crawler.PostForms.Should().BePositive();
        crawler.Submitted.Should().HaveCount(23, "every everyday form, and every step of the forms of several steps, did what it says");
        if (language != "en")
        {
            browser.App.MissingTranslations.Keys.Should().BeEmpty("every page the crawl saw in French is translated");
        }
    }

    /// <summary>
    /// A count below what orders have reserved: the page says what it does to them and asks for confirmation; confirmed,
    /// it is recorded.
    /// </summary>
    private static async Task CountBelowReservedAsync(SiteCrawler crawler, string product, Guid warehouse)
    {
        if (await crawler.SubmitAsync($"{product}/adjust?warehouseId={warehouse}", "main form[method=post] button[type=submit]", $"{product}/adjust",
                p => p.Locator("input[name='Input.CountedQuantity']").FillAsync("1"), shows: "[data-testid=count-shortfall]"))
        {
            await crawler.StepAsync("main form[method=post] button[type=submit]", product,
                prepare: p => p.Locator("input[name='Input.Confirm'][type=checkbox]").CheckAsync());
        }
    }

    /// <summary>An order taken through the form, then moved on by its page's first button (Confirm).</summary>
    private static async Task OrderAndConfirmAsync(SiteCrawler crawler, Guid warehouse)
    {
        if (!await crawler.SubmitAsync("/orders/create", "#order-form > button[type=submit]", "/orders/{id}", async p =>
            {
                await p.Locator("input[name='Input.CustomerName']").FillAsync("Crawl Customer");
                await p.Locator("input[name='Input.Phone']").FillAsync("+212 612 345 678");
                await p.Locator("input[name='Input.City']").FillAsync("Rabat");
                await p.Locator("select[name='Input.WarehouseId']").SelectOptionAsync(warehouse.ToString());
                // The line's SKU suggestions load as it is typed: wait for them rather than leave the page under them.
                await p.RunAndWaitForResponseAsync(() => p.Locator("input[name='Input.Lines[0].Sku']").FillAsync(ListSeeding.BusySku),
                    r => r.Url.Contains("handler=Skus", StringComparison.Ordinal));
                await p.Locator("input[name='Input.Lines[0].Quantity']").FillAsync("1");
            }))
        {
            return;
        }
        await crawler.StepAsync("form[action*='to=Confirmed'] button[type=submit]", "/orders/{id}");
    }

    /// <summary>Three ticked products, Bulk Actions → Set Low Stock Alert: the form, its preview, then applied.</summary>
    private static async Task BulkSetThresholdAsync(SiteCrawler crawler, int threshold)
    {
        if (!await crawler.SubmitAsync("/inventory/products", "#bulk-form button[name=bulk][value=set-threshold]", "/inventory/products/bulk", async p =>
            {
                for (var i = 0; i < 3; i++)
                {
                    await p.Locator("#bulk-form input.bulk-row").Nth(i).CheckAsync();
                }
                await p.Locator("#bulk-menu").ClickAsync();
            }, shows: "input[name='Input.Threshold']"))
        {
            return;
        }
        if (await crawler.StepAsync("#bulk-action-form button[formaction*='handler=Preview']", "/inventory/products/bulk", "#bulk-preview",
                p => p.Locator("input[name='Input.Threshold']").FillAsync(threshold.ToString(System.Globalization.CultureInfo.InvariantCulture))))
        {
            await crawler.StepAsync("#bulk-action-form button[formaction*='handler=Apply']", "/inventory/products");
        }
    }

    /// <summary>A small CSV (two new products) checked, then applied.</summary>
    private static async Task ImportAsync(SiteCrawler crawler, string tag)
    {
        var csv = System.Text.Encoding.UTF8.GetBytes($"sku,name,low_stock_alert\nIMP-{tag}-1,Imported one {tag},5\nIMP-{tag}-2,Imported two {tag},\n");
        if (await crawler.SubmitAsync("/inventory/products/import", "form[action*='handler=Check'] button[type=submit]", "/inventory/products/import",
                p => p.Locator("#upload").SetInputFilesAsync(new FilePayload { Name = $"crawl-{tag}.csv", MimeType = "text/csv", Buffer = csv }),
                shows: "[data-testid=import-creates]"))
        {
            await crawler.StepAsync("form[action*='handler=Apply'] button[type=submit]", "/inventory/products");
        }
    }
}
