using CodRocket.Stock.Testing;

namespace CodRocket.Stock.IntegrationTests.Catalog;

/// <summary>The products list sorts by days of stock left and by status, the way a merchant reads them: most urgent first.</summary>
public class ProductListSortingTests(StockApp app)
{
    [Fact]
    public async Task Sorted_by_days_left_the_list_puts_the_first_to_run_out_first_and_products_without_sales_last()
    {
        var store = await app.CreateStoreAsync();
        await app.SetStoreAsync(store.TenantId, "UTC", windowDays: 30);
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1);
        // SKUs run against the expected order, so sorting by days left is not sorting by SKU.
        foreach (var (sku, stock, sold) in new[] { ("D-SLOW", 100, 20), ("C-FAST", 30, 20), ("B-NONE", 50, 0), ("A-GONE", 5, 5) })
        {
            await app.AddProductAsync(store.TenantId, sku, null, (cas, stock));
            if (sold > 0)
            {
                await app.PlaceAtAsync(store.TenantId, yesterday, OrderSeeding.Draft(cas, (sku, sold)));
            }
        }
        using var client = await app.SignInAsync(store);

        var ascending = await client.GetAsync("/inventory/products?sort=daysleft");
        var descending = await client.GetAsync("/inventory/products?sort=daysleft&desc=true");

        Skus(ascending).Should().Equal("A-GONE", "C-FAST", "D-SLOW", "B-NONE");
        Skus(descending).Should().Equal("D-SLOW", "C-FAST", "A-GONE", "B-NONE");
        DaysLeft(ascending).Should().Equal("Out now", "15 days", "120 days", "No recent sales");
        ascending.Document.QuerySelector("th[aria-sort=ascending]")!.TextContent.Trim().Should().Be("Days left");
    }

    [Fact]
    public async Task Sorted_by_status_the_list_puts_out_of_stock_first_then_low_then_ok_then_never_stocked_and_pages_in_that_order()
    {
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "A-NEW", 10);
        await app.AddProductAsync(store.TenantId, "B-OK", 10, (cas, 50));
        await app.AddProductAsync(store.TenantId, "C-LOW", 10, (cas, 3));
        var gone = await app.AddProductAsync(store.TenantId, "D-OUT", 10, (cas, 2));
        await app.ApplyAsync(store.TenantId, CodRocket.Stock.Inventory.StockChange.WriteOff(gone, cas, 2, CodRocket.Stock.Inventory.AdjustmentReason.Lost));
        for (var i = 0; i < 25; i++)
        {
            await app.AddProductAsync(store.TenantId, $"M-OK-{i:00}", 10, (cas, 40));
        }
        using var client = await app.SignInAsync(store);

        var first = await client.GetAsync("/inventory/products?sort=status");
        var second = await client.GetAsync("/inventory/products?sort=status&p=2");
        var last = await client.GetAsync("/inventory/products?sort=status&desc=true");

        Skus(first).Take(3).Should().Equal("D-OUT", "C-LOW", "B-OK");
        Skus(second).Should().HaveCount(4).And.EndWith("A-NEW");
        Skus(last)[0].Should().Be("A-NEW");
        Skus(last).Should().NotContain(["D-OUT", "C-LOW"], "they are on the last page, sorted the other way");
    }

    private static List<string> Skus(Page page) => [.. page.Document.QuerySelectorAll("tbody tr .sku").Select(e => e.TextContent.Trim())];

    private static List<string> DaysLeft(Page page) =>
        [.. page.Document.QuerySelectorAll("tbody tr [data-testid=days-left]").Select(e => e.TextContent.Trim())];
}
