using System.Net;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Catalog;

/// <summary>Bulk Actions → Apply suggested threshold: each product gets the figure its own page suggests, set-based and audited.</summary>
public class BulkSuggestedThresholdTests(StockApp app)
{
    [Fact]
    public async Task Each_product_gets_its_own_suggestion_and_products_without_one_are_skipped_with_reasons()
    {
        var store = await app.CreateStoreAsync();
        await app.SetStoreAsync(store.TenantId, "Africa/Casablanca", 30);
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        // 600 sold in 30 days, 3 days lead time → 60; 400 left, no alert.
        var fast = await app.AddProductAsync(store.TenantId, "FAST", null, (warehouse, 1_000));
        await app.SetReplenishmentAsync(store.TenantId, fast, leadTime: 3, safety: null);
        // 90 sold → (3/day × 5 days + 10 safety) × 1.5 = 37.5 → 38; 10 left: alerts at once.
        var slow = await app.AddProductAsync(store.TenantId, "SLOW", 2, (warehouse, 100));
        await app.SetReplenishmentAsync(store.TenantId, slow, leadTime: 5, safety: 10, factor: 1.5m);
        // Sales but no lead time: no suggestion, skipped and unchanged.
        var noLead = await app.AddProductAsync(store.TenantId, "NOLEAD", 7, (warehouse, 500));
        // A lead time but no sales in the window: the page suggests the safety stock alone (3), and so does the bulk action.
        var unsold = await app.AddProductAsync(store.TenantId, "UNSOLD", 4, (warehouse, 50));
        await app.SetReplenishmentAsync(store.TenantId, unsold, leadTime: 2, safety: 3);
        await app.PlaceAtAsync(store.TenantId, DateTimeOffset.UtcNow.AddDays(-2),
            OrderSeeding.Draft(warehouse, ("FAST", 600), ("SLOW", 90), ("NOLEAD", 300)));

        var single = new Dictionary<Guid, int?>();
        foreach (var id in new[] { fast, slow })
        {
            single[id] = await app.InStoreAsync(store.TenantId, async s =>
            {
                var forecasts = s.GetRequiredService<StockForecasts>();
                return (await forecasts.ForProductsAsync([id], await forecasts.CalendarAsync(CancellationToken.None), CancellationToken.None))[id]
                    .Forecast.Suggestion.Value;
            });
        }
        single[fast].Should().Be(60);
        single[slow].Should().Be(38);

        using var client = await app.SignInAsync(store);
        (await client.GetAsync("/inventory/products")).Text.Should().Contain("Apply suggested threshold", "the entry is in the Bulk Actions menu");
        var form = new Dictionary<string, string> { ["bulk"] = BulkMenuValue, ["all"] = "true" };
        var preview = await client.PostFormAsync("/inventory/products/bulk", form, "Preview", formUrl: "/inventory/products");
        preview.Status.Should().Be(HttpStatusCode.OK);
        preview.Text.Should().Contain("Apply to 3 products")
            .And.Contain("1 skipped: no supplier lead time, so no suggestion.");
        preview.Document.QuerySelector("#bulk-preview")!.TextContent.Should().Contain("would alert right away");

        var applied = await client.PostFormAsync("/inventory/products/bulk", form, "Apply", formUrl: "/inventory/products");
        applied.Status.Should().Be(HttpStatusCode.Redirect);
        (await client.GetAsync(applied.Location!)).Text.Should().Contain("Suggested Low Stock Alert applied to 3 products.");

        var thresholds = await app.InDbAsync(store.TenantId, db => db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.LowStockThreshold));
        thresholds[fast].Should().Be(single[fast]);
        thresholds[slow].Should().Be(single[slow]);
        thresholds[noLead].Should().Be(7, "no lead time: no suggestion, left alone");
        thresholds[unsold].Should().Be(3, "the product page's suggestion: safety stock alone when nothing sold");

        var history = await app.InDbAsync(store.TenantId, db => db.SettingChanges.AsNoTracking()
            .Where(c => c.Field == SettingField.LowStockThreshold && c.Source == ChangeSource.BulkAction)
            .Select(c => new { c.ProductId, c.OldValue, c.NewValue }).ToListAsync());
        history.Should().BeEquivalentTo([
            new { ProductId = fast, OldValue = (string?)null, NewValue = (string?)"60" },
            new { ProductId = slow, OldValue = (string?)"2", NewValue = (string?)"38" },
            new { ProductId = unsold, OldValue = (string?)"4", NewValue = (string?)"3" },
        ]);
        var open = await app.InDbAsync(store.TenantId, db => db.StockAlerts.AsNoTracking().Where(a => a.ResolvedAt == null)
            .Select(a => new { a.ProductId, a.Threshold }).ToListAsync());
        open.Should().ContainSingle(a => a.ProductId == slow && a.Threshold == 38, "10 available is at or below the new 38 (I3)");
        open.Should().NotContain(a => a.ProductId == fast);
    }

    [Fact]
    public async Task Applying_suggestions_to_5000_products_takes_as_many_statements_as_for_100()
    {
        var small = await SoldStoreAsync(100);
        var large = await SoldStoreAsync(5_000);

        var (smallCount, smallResult) = await CountedAsync(small);
        var (largeCount, largeResult) = await CountedAsync(large);

        smallResult.Skipped!.NoLeadTime.Should().Be(10, "every tenth product has no lead time");
        largeResult.Skipped!.Should().Be(new BulkSkipped(NoLeadTime: 500, Capped: 0));
        largeResult.Changed.Should().BeGreaterThan(4_000, "a few products already had their suggestion (5)").And.BeLessThanOrEqualTo(4_500);
        largeCount.Should().Be(smallCount, "suggestions, settings, audit and alerts are a fixed set of statements");
        largeCount.Should().BeLessThanOrEqualTo(25);
        (await app.AlertMismatchesAsync(large.TenantId)).Should().BeEmpty();
        var audited = await app.InDbAsync(large.TenantId, db => db.SettingChanges.CountAsync(c => c.Source == ChangeSource.BulkAction));
        audited.Should().Be(largeResult.Changed);
    }

    /// <summary>Seeded products with a lead time (but every tenth) and 30 to 59 units sold yesterday in the rollup.</summary>
    private async Task<TestStore> SoldStoreAsync(int products)
    {
        var (store, warehouses) = await BulkTesting.SeededStoreAsync(app, products);
        await app.InDbAsync(store.TenantId, async db =>
        {
            await db.Database.ExecuteSqlAsync($"""
                UPDATE products SET lead_time_days = CASE WHEN right(sku, 1) = '0' THEN NULL ELSE 3 END, safety_stock = 2
                WHERE tenant_id = {store.TenantId}
                """);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO daily_sales (tenant_id, product_id, warehouse_id, day, units)
                SELECT tenant_id, id, {warehouses[0]}, (now() AT TIME ZONE 'UTC')::date - 1, 30 + (hashtext(sku) & 31)
                FROM products WHERE tenant_id = {store.TenantId}
                """);
            return 0;
        });
        return store;
    }

    private async Task<(int Statements, BulkResult Result)> CountedAsync(TestStore store)
    {
        using var counter = SqlStatementCounter.Start();
        var result = await BulkTesting.ApplyAsync(app, store.TenantId, BulkAction.ApplySuggested());
        return (counter.Count, result);
    }

    private const string BulkMenuValue = "suggested-threshold";
}
