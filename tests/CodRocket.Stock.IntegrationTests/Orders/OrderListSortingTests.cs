using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;

namespace CodRocket.Stock.IntegrationTests.Orders;

/// <summary>A sorted list pages in its order: page 2 of a sorted list follows page 1, and the links keep the filters.</summary>
public class OrderListSortingTests(StockApp app)
{
    [Fact]
    public async Task Page_2_of_orders_sorted_by_number_is_sorted_and_is_page_2()
    {
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "MUG-01", null, (cas, 1_000));
        for (var i = 0; i < 30; i++)
        {
            await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(cas, ("MUG-01", 1)));
        }
        using var client = await app.SignInAsync(store);

        var firstPage = Numbers(await client.GetAsync("/orders?sort=number&status=New"));
        var secondPage = await client.GetAsync("/orders?sort=number&status=New&p=2");
        var second = Numbers(secondPage);

        firstPage.Should().HaveCount(25).And.BeInAscendingOrder();
        second.Should().HaveCount(5).And.BeInAscendingOrder();
        second[0].Should().BeGreaterThan(firstPage[^1]);
        secondPage.Document.QuerySelector("[aria-current=page]")!.TextContent.Should().Be("Page 2 of 2");
        var numberHeader = secondPage.Document.QuerySelector("th[aria-sort=ascending] a")!;
        numberHeader.TextContent.Trim().Should().Be("Order");
        numberHeader.GetAttribute("href").Should().Contain("status=New").And.Contain("desc=true").And.NotContain("p=2");
        secondPage.Document.QuerySelector("a[rel=prev]")!.GetAttribute("href").Should().Contain("sort=number").And.Contain("status=New");

        var descending = Numbers(await client.GetAsync("/orders?sort=number&desc=true&p=2"));
        descending.Should().HaveCount(5).And.BeInDescendingOrder();
        descending[^1].Should().Be(firstPage[0]);
        (await client.GetAsync("/orders?sort=nonsense&desc=maybe")).Status.Should().Be(System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public async Task Page_2_of_products_sorted_by_available_stock_is_sorted_and_is_page_2()
    {
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        for (var i = 0; i < 30; i++)
        {
            // Available stock runs against the SKU order: sorting by it is not sorting by name or SKU.
            await app.AddProductAsync(store.TenantId, $"SRT-{i:00}", null, (cas, 100 - i * 3));
        }
        using var client = await app.SignInAsync(store);

        var second = await client.GetAsync("/inventory/products?sort=available&p=2");
        var skus = second.Document.QuerySelectorAll("tbody tr .sku").Select(e => e.TextContent.Trim()).ToList();
        skus.Should().Equal("SRT-04", "SRT-03", "SRT-02", "SRT-01", "SRT-00");
        second.Document.QuerySelector("[aria-current=page]")!.TextContent.Should().Be("Page 2 of 2");
        second.Document.QuerySelector("th[aria-sort=ascending]")!.TextContent.Trim().Should().Be("Available");

        var bySku = await client.GetAsync("/inventory/products?sort=sku&desc=true&p=2");
        bySku.Document.QuerySelectorAll("tbody tr .sku").Select(e => e.TextContent.Trim()).Should().Equal("SRT-04", "SRT-03", "SRT-02", "SRT-01", "SRT-00");
    }

    private static List<long> Numbers(Page page) =>
        [.. page.Document.QuerySelectorAll("tbody tr td:first-child a").Select(a => long.Parse(a.TextContent.Trim().TrimStart('#'), System.Globalization.CultureInfo.InvariantCulture))];
}
