using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Catalog;

public class BulkActionTests(StockApp app)
{
    [Fact]
    public async Task Setting_the_Low_Stock_Alert_of_10000_products_takes_as_many_statements_as_for_100()
    {
        var small = await BulkTesting.SeededStoreAsync(app, 100);
        var large = await BulkTesting.SeededStoreAsync(app, 10_000);

        var (smallCount, smallResult) = await CountedAsync(small.Store, BulkAction.SetThreshold(10, null));
        var (largeCount, largeResult) = await CountedAsync(large.Store, BulkAction.SetThreshold(10, null));

        smallResult.Selected.Should().Be(100);
        largeResult.Selected.Should().Be(10_000);
        largeResult.Alerts.Opened.Should().BeGreaterThan(1_000, "raising thresholds to 10 makes many products low");
        largeCount.Should().Be(smallCount, "a bulk action is a fixed set of statements, whatever the number of products");
        smallCount.Should().BeGreaterThan(3, "the counter sees the statements");
        largeCount.Should().BeLessThanOrEqualTo(22,
            "a dozen statements of settings, audit and alert evaluation, the webhook outbox's one, the change's own row (what its undo puts back), plus the selection and the transaction");
        (await app.AlertMismatchesAsync(large.Store.TenantId)).Should().BeEmpty();
        (await app.LedgerMismatchesAsync(large.Store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_warehouse_threshold_on_10000_products_takes_as_many_statements_as_on_100()
    {
        var small = await BulkTesting.SeededStoreAsync(app, 100);
        var large = await BulkTesting.SeededStoreAsync(app, 10_000);

        var (smallCount, _) = await CountedAsync(small.Store, BulkAction.SetThreshold(6, small.Warehouses[1]));
        var (largeCount, largeResult) = await CountedAsync(large.Store, BulkAction.SetThreshold(6, large.Warehouses[1]));

        largeResult.Changed.Should().Be(10_000, "every product gets the threshold, in a new stock row where it had none");
        largeCount.Should().Be(smallCount);
        (await app.AlertMismatchesAsync(large.Store.TenantId)).Should().BeEmpty();
    }

    // 2,000 rather than 10,000: the product-by-product side is 2,000 transactions of its own, minutes at 10,000 on
    // a shared 2-core machine; the bulk side runs the same statements at any size (the tests above count them).
    [Fact]
    public async Task Bulk_on_2000_products_ends_exactly_where_editing_each_product_alone_ends()
    {
        var bulk = await BulkTesting.SeededStoreAsync(app, 2_000);
        var oneByOne = await BulkTesting.SeededStoreAsync(app, 2_000);

        await BulkTesting.ApplyAsync(app, bulk.Store.TenantId, BulkAction.SetThreshold(10, null));
        await EachProductAsync(oneByOne.Store.TenantId, (product, _) => product.UpdateStockSettings(Settings(product, 10), DateTimeOffset.UtcNow));

        var expected = await BulkTesting.StateAsync(app, oneByOne.Store.TenantId);
        var actual = await BulkTesting.StateAsync(app, bulk.Store.TenantId);
        actual.Products.Should().Equal(expected.Products);
        actual.Levels.Should().Equal(expected.Levels);
        actual.Alerts.Should().Equal(expected.Alerts);
        actual.Notifications.Should().Be(expected.Notifications);
        actual.Audit.Should().Equal(expected.Audit);
    }

    [Fact]
    public async Task Warehouse_thresholds_and_clearing_end_where_editing_each_product_alone_ends()
    {
        var bulk = await BulkTesting.SeededStoreAsync(app, 600, storeDefault: 8);
        var oneByOne = await BulkTesting.SeededStoreAsync(app, 600, storeDefault: 8);

        await BulkTesting.ApplyAsync(app, bulk.Store.TenantId, BulkAction.SetThreshold(9, bulk.Warehouses[0]));
        await BulkTesting.ApplyAsync(app, bulk.Store.TenantId, BulkAction.ClearThreshold(bulk.Warehouses[1]));
        await BulkTesting.ApplyAsync(app, bulk.Store.TenantId, BulkAction.ClearThreshold(null));
        await EachProductAsync(oneByOne.Store.TenantId, (product, levels) =>
        {
            product.UpdateStockSettings(Settings(product, null), DateTimeOffset.UtcNow);
            levels.SetThreshold(product.Id, oneByOne.Warehouses[0], 9);
            levels.SetThreshold(product.Id, oneByOne.Warehouses[1], null);
        });

        var expected = await BulkTesting.StateAsync(app, oneByOne.Store.TenantId);
        var actual = await BulkTesting.StateAsync(app, bulk.Store.TenantId);
        actual.Products.Should().Equal(expected.Products);
        actual.Levels.Should().Equal(expected.Levels);
        actual.Alerts.Should().Equal(expected.Alerts);
        actual.Notifications.Should().Be(expected.Notifications);
        actual.Audit.Should().Equal(expected.Audit);
        (await app.AlertMismatchesAsync(bulk.Store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task Sms_and_policy_actions_change_only_what_differs_and_record_it()
    {
        var (store, _) = await BulkTesting.SeededStoreAsync(app, 50);

        var sms = await BulkTesting.ApplyAsync(app, store.TenantId, BulkAction.SmsAlerts(true));
        var policy = await BulkTesting.ApplyAsync(app, store.TenantId, BulkAction.SetPolicy(OutOfStockPolicy.Backorder));
        var again = await BulkTesting.ApplyAsync(app, store.TenantId, BulkAction.SetPolicy(OutOfStockPolicy.Backorder));

        sms.Changed.Should().Be(45, "every 10th product had SMS alerts on already");
        policy.Changed.Should().Be(50);
        again.Changed.Should().Be(0);
        var audit = await app.InDbAsync(store.TenantId, db => db.SettingChanges.GroupBy(c => c.Field).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        audit.Should().BeEquivalentTo([new { Key = SettingField.SmsAlerts, Count = 45 }, new { Key = SettingField.OutOfStockPolicy, Count = 50 }]);
    }

    [Fact]
    public async Task The_preview_counts_what_applying_then_does()
    {
        var (store, warehouses) = await BulkTesting.SeededStoreAsync(app, 300);
        foreach (var action in new[] { BulkAction.SetThreshold(12, null), BulkAction.SetThreshold(3, warehouses[0]), BulkAction.ClearThreshold(null) })
        {
            var preview = await app.InStoreAsync(store.TenantId, services =>
                services.GetRequiredService<BulkProductChange>().PreviewAsync(services.GetRequiredService<StockDbContext>().Products, action, CancellationToken.None));
            var result = await BulkTesting.ApplyAsync(app, store.TenantId, action);

            preview.Selected.Should().Be(result.Selected);
            preview.WillChange.Should().Be(result.Changed, action.ToString());
            preview.WouldOpen.Should().Be(result.Alerts.Opened, action.ToString());
            preview.WouldResolve.Should().Be(result.Alerts.Resolved, action.ToString());
        }
    }

    private async Task<(int Statements, BulkResult Result)> CountedAsync(TestStore store, BulkAction action)
    {
        using var counter = SqlStatementCounter.Start();
        var result = await BulkTesting.ApplyAsync(app, store.TenantId, action);
        return (counter.Count, result);
    }

    private static ProductStockSettings Settings(Product p, int? threshold) =>
        new(threshold, p.SmsAlerts, p.OutOfStockPolicy, p.LeadTimeDays, p.SafetyStock, p.SeasonalFactor);

    /// <summary>
    /// The same change made product by product, each in its own transaction through the path of the product page
    /// (EF entities saved inside a unit of work with its settings audited), four products at a time.
    /// </summary>
    private async Task EachProductAsync(Guid tenantId, Action<Product, Levels> change)
    {
        var ids = await app.InDbAsync(tenantId, db => db.Products.Select(p => p.Id).ToListAsync());
        await Parallel.ForEachAsync(ids.Chunk(ids.Count / 4 + 1), async (chunk, ct) =>
        {
            await app.InStoreAsync(tenantId, async services =>
            {
                var db = services.GetRequiredService<StockDbContext>();
                var stockWork = services.GetRequiredService<StockWorkFactory>();
                foreach (var id in chunk)
                {
                    await using (var work = await stockWork.BeginAsync([id], ct))
                    {
                        await work.AuditSettingsAsync(ChangeOrigin.BulkAction, ct);
                        var product = await db.Products.SingleAsync(p => p.Id == id, ct);
                        var levels = new Levels(db, await db.StockLevels.Where(s => s.ProductId == id).ToListAsync(ct));
                        change(product, levels);
                        await db.SaveChangesAsync(ct);
                        await work.CommitAsync(ct);
                    }
                    db.ChangeTracker.Clear();
                }
            });
        });
    }

    /// <summary>A product's stock rows, with the product page's rule for a warehouse threshold.</summary>
    private sealed class Levels(StockDbContext db, List<StockLevel> levels)
    {
        public void SetThreshold(Guid productId, Guid warehouseId, int? threshold)
        {
            var level = levels.SingleOrDefault(l => l.WarehouseId == warehouseId);
            if (level is null && threshold is not null)
            {
                level = new StockLevel(productId, warehouseId);
                db.StockLevels.Add(level);
            }
            if (level is not null && level.LowStockThreshold != threshold)
            {
                level.SetLowStockThreshold(threshold, DateTimeOffset.UtcNow);
            }
        }
    }
}
