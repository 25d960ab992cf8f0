using System.Net;
using CodRocket.Stock.Testing;

namespace CodRocket.Stock.IntegrationTests.Navigation;

/// <summary>
/// A filter that finds nothing says so, in the filter's words, rather than "Nothing sent yet" or "All is well" for a
/// store that has deliveries and alerts.
/// </summary>
public class EmptyStateTests(StockApp app)
{
    public static TheoryData<string, string, string> Filters => new()
    {
        { "/settings/notifications?status=Failed", "No failed deliveries.", "Nothing sent yet" },
        { "/settings/notifications?status=Sent", "No sent deliveries.", "Nothing sent yet" },
        { "/inventory/alerts?level=Out", "No open alert matches these filters", "All is well" },
        { "/inventory/alerts?history=true&level=Low", "No resolved alert matches these filters", "No resolved alerts yet" },
        { "/reports?status=out", "No product matches these filters", "Nothing to report" },
        { "/orders?status=Cancelled", "No order matches", "No orders yet" },
        { "/inventory/products?status=out", "No product matches", "No products yet" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task An_empty_filtered_list_says_what_the_filter_found(string url, string expected, string wrong)
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        // Low (5 at or below 10): one open alert and its e-mail to the owner, pending; one order.
        await app.AddProductAsync(store.TenantId, "TEA-1", 10, (warehouse, 6));
        await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, ("TEA-1", 1)));
        using var client = await app.SignInAsync(store);

        var page = await client.GetAsync(url);

        page.Status.Should().Be(HttpStatusCode.OK);
        var empty = page.Document.QuerySelector("[data-testid=empty-state]");
        empty.Should().NotBeNull(url);
        empty!.TextContent.Should().Contain(expected).And.NotContain(wrong);
    }
}
