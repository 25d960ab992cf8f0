using CodRocket.Stock.Alerts;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Alerts;

/// <summary>I3 under concurrency: many transactions crossing one threshold together open exactly one alert.</summary>
public class AlertConcurrencyTests(StockApp app)
{
    [Fact]
    public async Task Thirty_two_parallel_takes_from_different_warehouses_open_exactly_one_product_alert_every_time()
    {
        var store = await app.CreateStoreAsync();
        Guid[] warehouses = [.. await Task.WhenAll(Enumerable.Range(0, 4).Select(i => app.AddWarehouseAsync(store.TenantId, $"W{i}")))];

        for (var round = 0; round < 20; round++)
        {
            var product = await app.AddProductAsync(store.TenantId, $"HOT-{round}", threshold: 90, [.. warehouses.Select(w => (w, 25))]);

            var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() =>
                app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouses[i % 4], 1, AdjustmentReason.Damaged)))));

            results.Should().OnlyContain(r => r.Succeeded);
            results.Sum(r => r.Alerts!.Opened).Should().Be(1, $"round {round}: the total crossed 90 once");
            var alerts = await app.InDbAsync(store.TenantId, db => db.StockAlerts.Where(a => a.ProductId == product).ToListAsync());
            alerts.Should().ContainSingle(a => a.WarehouseId == null && a.ResolvedAt == null && a.AvailableAtOpen == 90, $"round {round}");
        }
        (await app.AlertMismatchesAsync(store.TenantId)).Should().BeEmpty();
        (await app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task Thirty_two_parallel_takes_open_exactly_one_alert_per_warehouse_every_time()
    {
        var store = await app.CreateStoreAsync();
        Guid[] warehouses = [.. await Task.WhenAll(Enumerable.Range(0, 4).Select(i => app.AddWarehouseAsync(store.TenantId, $"W{i}")))];

        for (var round = 0; round < 20; round++)
        {
            var product = await app.AddProductAsync(store.TenantId, $"HOT-{round}");
            await app.InStoreAsync(store.TenantId, async services =>
            {
                var db = services.GetRequiredService<CodRocket.Stock.Data.StockDbContext>();
                foreach (var warehouse in warehouses)
                {
                    var level = new StockLevel(product, warehouse);
                    level.SetLowStockThreshold(20, DateTimeOffset.UtcNow);
                    db.StockLevels.Add(level);
                }
                await db.SaveChangesAsync();
            });
            await app.ApplyAsync(store.TenantId, [.. warehouses.Select(w => StockChange.Receive(product, w, 25))]);

            var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() =>
                app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouses[i % 4], 1, AdjustmentReason.Damaged)))));

            results.Sum(r => r.Alerts!.Opened).Should().Be(4, $"round {round}");
            var open = await app.InDbAsync(store.TenantId, db => db.StockAlerts
                .Where(a => a.ProductId == product && a.ResolvedAt == null).Select(a => new { a.WarehouseId, a.AvailableAtOpen }).ToListAsync());
            open.Should().HaveCount(4).And.OnlyContain(a => a.WarehouseId != null && a.AvailableAtOpen == 20);
            open.Select(a => a.WarehouseId).Should().OnlyHaveUniqueItems();
        }
        (await app.AlertMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task After_every_step_of_a_long_random_sequence_a_scope_is_alerting_exactly_when_it_is_low()
    {
        var store = await app.CreateStoreAsync();
        Guid[] warehouses = [await app.AddWarehouseAsync(store.TenantId, "A"), await app.AddWarehouseAsync(store.TenantId, "B"), await app.AddWarehouseAsync(store.TenantId, "C")];
        Guid[] products = [.. await Task.WhenAll(Enumerable.Range(0, 4).Select(i => app.AddProductAsync(store.TenantId, $"R{i}", threshold: 15)))];
        var random = new Random(3);
        var steps = 0;
        var opened = 0;

        for (var step = 0; step < 2000; step++)
        {
            var product = products[random.Next(products.Length)];
            var warehouse = warehouses[random.Next(warehouses.Length)];
            var other = warehouses.First(w => w != warehouse);
            var roll = random.Next(100);
            if (roll < 8)
            {
                // Now and then a threshold changes (product-wide or per warehouse), or a product is (un)archived.
                await app.ChangeInWorkAsync(store.TenantId, [product], async db =>
                {
                    var entity = await db.Products.SingleAsync(p => p.Id == product);
                    if (roll < 3)
                    {
                        entity.UpdateStockSettings(new(random.Next(3) == 0 ? null : random.Next(0, 30), false, null, null, null, 1m), DateTimeOffset.UtcNow);
                    }
                    else if (roll < 6)
                    {
                        var level = await db.StockLevels.SingleOrDefaultAsync(s => s.ProductId == product && s.WarehouseId == warehouse);
                        if (level is null)
                        {
                            level = new StockLevel(product, warehouse);
                            db.StockLevels.Add(level);
                        }
                        level.SetLowStockThreshold(random.Next(2) == 0 ? null : random.Next(0, 10), DateTimeOffset.UtcNow);
                    }
                    else if (entity.IsArchived)
                    {
                        entity.Restore(DateTimeOffset.UtcNow);
                    }
                    else
                    {
                        entity.Archive(DateTimeOffset.UtcNow);
                    }
                });
            }
            else
            {
                StockChange[] changes = (roll % 4) switch
                {
                    0 => [StockChange.Receive(product, warehouse, random.Next(1, 12))],
                    1 => [StockChange.WriteOff(product, warehouse, random.Next(1, 8), AdjustmentReason.Damaged)],
                    2 => [StockChange.Count(product, warehouse, random.Next(0, 20), AdjustmentReason.Count)],
                    _ => [.. StockChange.Transfer(product, warehouse, other, random.Next(1, 10))],
                };
                var result = await app.ApplyAsync(store.TenantId, changes);
                opened += result.Alerts?.Opened ?? 0;
            }
            steps++;
            var mismatches = await app.AlertMismatchesAsync(store.TenantId);
            mismatches.Should().BeEmpty($"after step {step}");
        }

        steps.Should().Be(2000);
        opened.Should().BeGreaterThan(20, "the sequence should cross thresholds many times");
        (await app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }
}
