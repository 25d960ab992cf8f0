using CodRocket.Stock.Testing;

namespace CodRocket.Stock.IntegrationTests.Catalog;

/// <summary>The product list's status filter as a merchant uses it: per warehouse, and "not stocked yet".</summary>
public class ProductListStatusTests(StockApp app)
{
    private static List<string> Skus(Page page) =>
        [.. page.Document.QuerySelectorAll("tbody a.sku").Select(a => a.TextContent.Trim())];

    [Fact]
    public async Task Filtered_to_a_warehouse_the_status_is_that_warehouses_stock_against_that_warehouses_threshold()
    {
        var store = await app.CreateStoreAsync();
        var rak = await app.AddWarehouseAsync(store.TenantId, "RAK");
        var tng = await app.AddWarehouseAsync(store.TenantId, "TNG");
        // Product-wide, all three are fine (total far above a threshold of 10).
        var lowInRak = await app.AddProductAsync(store.TenantId, "LOW-RAK", 10, (rak, 95), (tng, 300));
        var outInTng = await app.AddProductAsync(store.TenantId, "OUT-TNG", 10, (rak, 500), (tng, 5));
        var fine = await app.AddProductAsync(store.TenantId, "FINE", 10, (rak, 500), (tng, 500));
        await app.SetWarehouseThresholdAsync(store.TenantId, lowInRak, rak, 100);
        await app.SetWarehouseThresholdAsync(store.TenantId, fine, rak, 100);
        await app.ApplyAsync(store.TenantId, CodRocket.Stock.Inventory.StockChange.WriteOff(outInTng, tng, 5, CodRocket.Stock.Inventory.AdjustmentReason.Lost));
        using var client = await app.SignInAsync(store);

        var lowRak = await client.GetAsync("/inventory/products?warehouse=RAK&status=low");
        var outTng = await client.GetAsync("/inventory/products?warehouse=TNG&status=out");
        var okRak = await client.GetAsync("/inventory/products?warehouse=RAK&status=ok");
        var lowEverywhere = await client.GetAsync("/inventory/products?status=low");

        Skus(lowRak).Should().Equal("LOW-RAK");
        lowRak.Document.QuerySelector("tbody tr")!.TextContent.Should().Contain("95").And.Contain("100").And.Contain("Low stock");
        Skus(outTng).Should().Equal("OUT-TNG");
        Skus(okRak).Should().BeEquivalentTo("FINE", "OUT-TNG");
        Skus(lowEverywhere).Should().BeEmpty("product-wide, every total is above 10");
    }

    [Fact]
    public async Task A_product_never_stocked_shows_not_stocked_yet_and_is_not_listed_as_out_of_stock()
    {
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var fresh = await app.AddProductAsync(store.TenantId, "FRESH", 10);
        await app.AddProductAsync(store.TenantId, "EMPTY", 10, (cas, 3));
        await app.ApplyAsync(store.TenantId, CodRocket.Stock.Inventory.StockChange.Count(
            (await app.InDbAsync(store.TenantId, db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Products, p => p.Sku == "EMPTY"))).Id,
            cas, 0, CodRocket.Stock.Inventory.AdjustmentReason.Count, null));
        using var client = await app.SignInAsync(store);

        var list = await client.GetAsync("/inventory/products");
        var outOfStock = await client.GetAsync("/inventory/products?status=out");
        var notStocked = await client.GetAsync("/inventory/products?status=notstocked");
        var details = await client.GetAsync($"/inventory/products/{fresh}");
        var report = await client.GetAsync("/reports?status=notstocked");

        list.Document.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("FRESH", StringComparison.Ordinal))
            .TextContent.Should().Contain("Not stocked yet");
        Skus(outOfStock).Should().Equal("EMPTY");
        Skus(notStocked).Should().Equal("FRESH");
        details.Text.Should().Contain("Not stocked yet");
        report.Document.QuerySelectorAll("tbody tr").Should().ContainSingle()
            .Which.TextContent.Should().Contain("FRESH").And.Contain("Not stocked yet");
    }
}
