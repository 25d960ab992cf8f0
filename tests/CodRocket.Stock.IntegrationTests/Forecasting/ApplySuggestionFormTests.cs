using System.Net;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Forecasting;

/// <summary>
/// The product page's Apply button, submitted as the browser submits it (its own form, its own fields): it used to
/// post to a literal action with no antiforgery token and got a bare 400.
/// </summary>
public class ApplySuggestionFormTests(StockApp app)
{
    [Fact]
    public async Task Apply_on_the_product_page_sets_the_suggested_threshold()
    {
        var store = await app.CreateStoreAsync();
        await app.SetStoreAsync(store.TenantId, "UTC", 30);
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "TSH-1", null, (warehouse, 650));
        await app.SetReplenishmentAsync(store.TenantId, product, leadTime: 3, safety: null);
        await app.PlaceAtAsync(store.TenantId, DateTimeOffset.UtcNow.AddDays(-2), OrderSeeding.Draft(warehouse, ("TSH-1", 600)));
        using var client = await app.SignInAsync(store);
        var page = await client.GetAsync($"/inventory/products/{product}");
        var button = page.Document.QuerySelectorAll("[data-testid=suggestions] button[type=submit]")
            .Single(b => b.GetAttribute("aria-label") == "Apply the suggested threshold 60 to All warehouses");
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)button.Closest("form")!;
        form.QuerySelector("input[name=__RequestVerificationToken]").Should().NotBeNull("a POST form carries its antiforgery token");

        var applied = await client.SubmitAsync(page, form, (AngleSharp.Html.Dom.IHtmlElement)button);

        applied.Status.Should().Be(HttpStatusCode.Redirect);
        (await app.InDbAsync(store.TenantId, db => db.Products.SingleAsync(p => p.Id == product))).LowStockThreshold.Should().Be(60);
        var after = await client.GetAsync(applied.Location!);
        after.Text.Should().Contain("Low Stock Alert of TSH-1 set to the suggested 60.");
    }
}
