using CodRocket.Stock.Alerts;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Catalog;

/// <summary>Stores seeded in bulk, and their state as comparable rows.</summary>
internal static class BulkTesting
{
    public static async Task<(TestStore Store, Guid[] Warehouses)> SeededStoreAsync(StockApp app, int products, int? storeDefault = null)
    {
        var store = await app.CreateStoreAsync();
        Guid[] warehouses = [await app.AddWarehouseAsync(store.TenantId, "CAS"), await app.AddWarehouseAsync(store.TenantId, "RBT")];
        await BulkSeeding.SeedProductsAsync(app.ConnectionString, store.TenantId, products, warehouses);
        if (storeDefault is not null)
        {
            await app.InDbAsync(store.TenantId, db => db.Tenants.Where(t => t.Id == store.TenantId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.DefaultLowStockThreshold, storeDefault)));
        }
        // Bring the alerts in line with the seeded stock, as if the products had been there all along.
        var ids = await app.InDbAsync(store.TenantId, db => db.Products.Select(p => p.Id).ToListAsync());
        await app.ChangeInWorkAsync(store.TenantId, ids, _ => Task.CompletedTask);
        // The alerts just opened, in statistics too (the I3 check joins them).
        await BulkSeeding.AnalyzeAsync(app.ConnectionString);
        return (store, warehouses);
    }

    public static Task<BulkResult> ApplyAsync(StockApp app, Guid tenantId, BulkAction action, ProductFilter? filter = null) =>
        app.InStoreAsync(tenantId, async services =>
        {
            var db = services.GetRequiredService<StockDbContext>();
            var store = await db.CurrentTenantAsync(CancellationToken.None);
            return await services.GetRequiredService<BulkProductChange>()
                .ApplyAsync((filter ?? new ProductFilter()).Apply(db, store.DefaultLowStockThreshold), action, CancellationToken.None);
        });

    /// <summary>Everything a settings change may touch, keyed by SKU and warehouse code, to compare two stores.</summary>
    public static Task<StoreState> StateAsync(StockApp app, Guid tenantId) =>
        app.InDbAsync(tenantId, async db =>
        {
            // Rows come back as values and are formatted here: EF cannot translate string.Format.
            var products = (await db.Products.AsNoTracking()
                .Select(p => new { p.Sku, p.LowStockThreshold, p.SmsAlerts, p.OutOfStockPolicy, p.LeadTimeDays, p.SafetyStock, p.SeasonalFactor }).ToListAsync())
                .Select(p => $"{p.Sku}: {p.LowStockThreshold} {p.SmsAlerts} {p.OutOfStockPolicy} {p.LeadTimeDays} {p.SafetyStock} {p.SeasonalFactor:0.###}")
                .Order(StringComparer.Ordinal).ToList();
            var levels = (await db.StockLevels.AsNoTracking()
                .Join(db.Products, s => s.ProductId, p => p.Id, (s, p) => new { p.Sku, s.WarehouseId, s.OnHand, s.LowStockThreshold })
                .Join(db.Warehouses, x => x.WarehouseId, w => w.Id, (x, w) => new { x.Sku, w.Code, x.OnHand, x.LowStockThreshold })
                .ToListAsync())
                .Select(x => $"{x.Sku}@{x.Code}: {x.OnHand} {x.LowStockThreshold}").Order(StringComparer.Ordinal).ToList();
            var alerts = (await db.StockAlerts.AsNoTracking()
                .Select(a => new { a.Product.Sku, Code = a.Warehouse == null ? "all" : a.Warehouse.Code, a.Level, a.Threshold, a.AvailableAtOpen, Open = a.ResolvedAt == null })
                .ToListAsync())
                .Select(a => $"{a.Sku}@{a.Code}: {a.Level} {a.Threshold} {a.AvailableAtOpen} open={a.Open}").Order(StringComparer.Ordinal).ToList();
            var notifications = await db.Notifications.CountAsync();
            var audit = (await db.SettingChanges.AsNoTracking()
                .Join(db.Products, c => c.ProductId, p => p.Id, (c, p) => new { p.Sku, Scoped = c.WarehouseId != null, c.Field, c.OldValue, c.NewValue })
                .ToListAsync())
                .Select(c => $"{c.Sku} {c.Scoped} {c.Field} {c.OldValue}→{c.NewValue}").Order(StringComparer.Ordinal).ToList();
            return new StoreState(products, levels, alerts, notifications, audit);
        });

    public sealed record StoreState(List<string> Products, List<string> Levels, List<string> Alerts, int Notifications, List<string> Audit);
}
