using System.Net;
using AngleSharp.Html.Dom;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Catalog.Csv;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Catalog;

/// <summary>
/// "Revert this change" as a merchant presses it, without JavaScript: the button in the message that confirms a bulk
/// action (or in a product's settings history), the confirmation page, then the change's page saying what was put back.
/// Another store's change is a 404; a second revert is refused with a message.
/// </summary>
public class ChangeRevertPageTests(StockApp app)
{
    private async Task<(TestStore Store, Guid[] Products)> ShopAsync(string name)
    {
        var store = await app.CreateStoreAsync(name);
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var products = new List<Guid>();
        for (var i = 1; i <= 3; i++)
        {
            products.Add(await app.AddProductAsync(store.TenantId, $"TEA-{i}", threshold: i, (warehouse, 5)));
        }
        return (store, [.. products]);
    }

    private Task<Dictionary<string, int?>> ThresholdsAsync(Guid tenantId) =>
        app.InDbAsync(tenantId, db => db.Products.AsNoTracking().ToDictionaryAsync(p => p.Sku, p => p.LowStockThreshold));

    private static Task<Page> BulkSetThresholdAsync(StoreClient client, int threshold) =>
        client.PostFormAsync("/inventory/products/bulk",
            new() { ["bulk"] = "set-threshold", ["all"] = "true", ["Input.Threshold"] = threshold.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            "Apply", formUrl: "/inventory/products");

    /// <summary>Presses the revert button of <paramref name="page"/>, then confirms on the confirmation page.</summary>
    private static async Task<(Page Asked, Page Done)> PressRevertAsync(StoreClient client, Page page)
    {
        var button = (IHtmlElement)page.Document.QuerySelector("[data-testid=revert-change]")!;
        var asked = await client.SubmitAsync(page, (IHtmlFormElement)button.Closest("form")!, button);
        var confirm = asked.Document.QuerySelector("[data-testid=confirm-page] form") as IHtmlFormElement;
        return (asked, confirm is null ? asked : await client.SubmitAsync(asked, confirm));
    }

    [Fact]
    public async Task The_message_of_a_bulk_change_offers_to_revert_it_and_reverting_asks_then_puts_every_product_back()
    {
        var (store, _) = await ShopAsync("Tea house");
        using var client = await app.SignInAsync(store);

        var applied = await BulkSetThresholdAsync(client, 10);
        var list = await client.GetAsync(applied.Location!);
        var (asked, done) = await PressRevertAsync(client, list);
        var result = await client.GetAsync(done.Location!);

        applied.Status.Should().Be(HttpStatusCode.Redirect);
        list.Document.QuerySelector("[data-testid=status-undo]").Should().NotBeNull("the message that confirms the bulk change offers to undo it");
        asked.Status.Should().Be(HttpStatusCode.OK);
        asked.Text.Should().Contain("Revert this change?");
        done.Status.Should().Be(HttpStatusCode.Redirect);
        done.Location.Should().StartWith("/inventory/products/changes/");
        result.Text.Should().Contain("Change reverted: 3 products are back to their earlier settings.");
        result.Document.QuerySelector("[data-testid=change-reverted]").Should().NotBeNull();
        result.Document.QuerySelector("[data-testid=revert-change]").Should().BeNull("a change is reverted once");
        (await ThresholdsAsync(store.TenantId)).Should().BeEquivalentTo(new Dictionary<string, int?> { ["TEA-1"] = 1, ["TEA-2"] = 2, ["TEA-3"] = 3 });
        (await app.AlertMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task An_import_is_reverted_from_a_products_settings_history_and_the_history_says_so()
    {
        var (store, products) = await ShopAsync("Import house");
        using var client = await app.SignInAsync(store);
        var import = await app.InStoreAsync(store.TenantId, services => services.GetRequiredService<ProductImport>()
            .ApplyAsync("sku,low_stock_alert,sms_alerts\nTEA-1,8,yes\nTEA-2,9,no\n"u8.ToArray(), "teas.csv", CancellationToken.None), store.OwnerId);
        var history = $"/inventory/products/{products[0]}/history";

        var before = await client.GetAsync(history);
        var (_, done) = await PressRevertAsync(client, before);
        var after = await client.GetAsync(history);
        var change = await client.GetAsync($"/inventory/products/changes/{import.ChangeId}");

        import.Applied.Should().BeTrue();
        done.Status.Should().Be(HttpStatusCode.Redirect);
        (await ThresholdsAsync(store.TenantId)).Should().BeEquivalentTo(new Dictionary<string, int?> { ["TEA-1"] = 1, ["TEA-2"] = 2, ["TEA-3"] = 3 });
        (await app.InDbAsync(store.TenantId, db => db.Products.SingleAsync(p => p.Id == products[0]))).SmsAlerts.Should().BeFalse();
        var rows = after.Document.QuerySelectorAll("#settings-history tbody tr").Select(r => r.TextContent).ToList();
        rows.Should().HaveCount(4, "the import's two settings, and the revert's two");
        rows.Take(2).Should().OnlyContain(r => r.Contains("Revert of a change", StringComparison.Ordinal));
        after.Document.QuerySelectorAll("#settings-history a[href*='/inventory/products/changes/']")
            .Take(2).Should().OnlyContain(a => a.GetAttribute("href")!.EndsWith(import.ChangeId.ToString()!, StringComparison.Ordinal),
                "a revert's rows link to the change they put back");
        after.Document.QuerySelector("[data-testid=revert-change]").Should().BeNull("nothing left to revert");
        change.Text.Should().Contain("teas.csv").And.Contain("TEA-2");
    }

    [Fact]
    public async Task Another_store_cannot_see_or_revert_the_change()
    {
        var (store, _) = await ShopAsync("Store A");
        var (other, _) = await ShopAsync("Store B");
        var change = (await BulkTesting.ApplyAsync(app, store.TenantId, BulkAction.SetThreshold(10, null))).ChangeId!.Value;
        using var intruder = await app.SignInAsync(other);

        var page = await intruder.GetAsync($"/inventory/products/changes/{change}");
        var posted = await intruder.PostFormAsync($"/inventory/products/changes/{change}", new() { ["confirmed"] = "true" }, "Revert",
            formUrl: "/inventory/products");

        page.Status.Should().Be(HttpStatusCode.NotFound);
        posted.Status.Should().Be(HttpStatusCode.NotFound);
        (await ThresholdsAsync(store.TenantId)).Values.Should().OnlyContain(t => t == 10, "store A's change stands");
        (await app.InDbAsync(store.TenantId, db => db.SettingChangeBatches.CountAsync(b => b.RevertsId == change))).Should().Be(0);
    }

    [Fact]
    public async Task Reverting_twice_is_refused_with_a_clear_message()
    {
        var (store, _) = await ShopAsync("Twice");
        using var client = await app.SignInAsync(store);
        var applied = await BulkSetThresholdAsync(client, 10);
        var list = await client.GetAsync(applied.Location!);
        // The same message's button pressed twice (a second tab, a double tap that got through).
        var (_, first) = await PressRevertAsync(client, list);
        await app.SetProductThresholdAsync(store.TenantId, (await app.InDbAsync(store.TenantId, db => db.Products.SingleAsync(p => p.Sku == "TEA-1"))).Id, 7);
        var (_, second) = await PressRevertAsync(client, list);
        var result = await client.GetAsync(second.Location!);

        first.Status.Should().Be(HttpStatusCode.Redirect);
        second.Status.Should().Be(HttpStatusCode.Redirect);
        result.Text.Should().Contain("This change was reverted already: a change is reverted only once, and nothing was changed again.");
        (await ThresholdsAsync(store.TenantId)).Should().BeEquivalentTo(new Dictionary<string, int?> { ["TEA-1"] = 7, ["TEA-2"] = 2, ["TEA-3"] = 3 });
    }
}
