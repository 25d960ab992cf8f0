using CodRocket.Stock.Alerts;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.Testing;

/// <summary>Small helpers to put rows in a store the way the app would.</summary>
public static class StoreSeeding
{
    public static Task<Guid> AddWarehouseAsync(this StockApp app, Guid tenantId, string code, bool active = true) =>
        app.InStoreAsync(tenantId, async services =>
        {
            var db = services.GetRequiredService<StockDbContext>();
            var warehouse = new Warehouse(code, "Warehouse " + code, null);
            if (!active)
            {
                warehouse.Deactivate();
            }
            db.Warehouses.Add(warehouse);
            await db.SaveChangesAsync();
            return warehouse.Id;
        });

    /// <summary>
    /// Creates a product the way the product form does, with its threshold evaluated at once. Any
    /// <paramref name="stock"/> is received before the threshold is set, so a product created "in stock" starts
    /// with no alert.
    /// </summary>
    public static async Task<Guid> AddProductAsync(this StockApp app, Guid tenantId, string sku, int? threshold = null, params (Guid Warehouse, int Quantity)[] stock)
    {
        var productId = await app.InStoreAsync(tenantId, async services =>
        {
            var db = services.GetRequiredService<StockDbContext>();
            var product = new Product(sku, "Product " + sku, DateTimeOffset.UtcNow);
            await using var work = await services.GetRequiredService<StockWorkFactory>().BeginAsync([product.Id], CancellationToken.None);
            db.Products.Add(product);
            await db.SaveChangesAsync();
            await work.CommitAsync(CancellationToken.None);
            return product.Id;
        });
        if (stock.Length > 0)
        {
            await app.ApplyAsync(tenantId, [.. stock.Select(s => StockChange.Receive(productId, s.Warehouse, s.Quantity))]);
        }
        if (threshold is not null)
        {
            await app.SetProductThresholdAsync(tenantId, productId, threshold);
        }
        return productId;
    }

    /// <summary>Changes a product's Low Stock Alert the way the product form does (evaluated at once).</summary>
    public static Task SetProductThresholdAsync(this StockApp app, Guid tenantId, Guid productId, int? threshold) =>
        app.ChangeInWorkAsync(tenantId, [productId], async db =>
        {
            var product = await db.Products.SingleAsync(p => p.Id == productId);
            product.UpdateStockSettings(new ProductStockSettings(threshold, product.SmsAlerts, product.OutOfStockPolicy,
                product.LeadTimeDays, product.SafetyStock, product.SeasonalFactor), DateTimeOffset.UtcNow);
        });

    /// <summary>
    /// Changes products through the DbContext inside a unit of work, as the pages do: locked first, saved, then
    /// their alerts evaluated and the work committed; audited as <paramref name="audit"/> when given.
    /// </summary>
    public static Task<AlertOutcome> ChangeInWorkAsync(this StockApp app, Guid tenantId, IEnumerable<Guid> productIds, Func<StockDbContext, Task> change,
        ChangeOrigin? audit = null) =>
        app.InStoreAsync(tenantId, async services =>
        {
            var db = services.GetRequiredService<StockDbContext>();
            await using var work = await services.GetRequiredService<StockWorkFactory>().BeginAsync(productIds, CancellationToken.None);
            if (audit is not null)
            {
                await work.AuditSettingsAsync(audit, CancellationToken.None);
            }
            await change(db);
            await db.SaveChangesAsync();
            return await work.CommitAsync(CancellationToken.None);
        });

    /// <summary>Sets a product's threshold in one warehouse the way the product form does (evaluated at once).</summary>
    public static Task SetWarehouseThresholdAsync(this StockApp app, Guid tenantId, Guid productId, Guid warehouseId, int? threshold) =>
        app.ChangeInWorkAsync(tenantId, [productId], async db =>
        {
            var level = await db.StockLevels.SingleOrDefaultAsync(s => s.ProductId == productId && s.WarehouseId == warehouseId);
            if (level is null)
            {
                level = new StockLevel(productId, warehouseId);
                db.StockLevels.Add(level);
            }
            level.SetLowStockThreshold(threshold, DateTimeOffset.UtcNow);
        });

    /// <summary>
    /// Runs <paramref name="query"/> against the DbContext of a scope acting for no store, inside a cross-store scope (the
    /// row-level-security bypass): for a test that inspects rows of any store (its queries say IgnoreQueryFilters).
    /// </summary>
    public static async Task<T> AcrossStoresAsync<T>(this StockApp app, Func<StockDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        using var crossStore = scope.ServiceProvider.GetRequiredService<ITenantContext>().CrossStore("test: inspecting every store");
        return await query(scope.ServiceProvider.GetRequiredService<StockDbContext>());
    }

    /// <summary>Runs <paramref name="query"/> against the DbContext of a scope acting for the store.</summary>
    public static Task<T> InDbAsync<T>(this StockApp app, Guid tenantId, Func<StockDbContext, Task<T>> query) =>
        app.InStoreAsync(tenantId, services => query(services.GetRequiredService<StockDbContext>()));

    public static Task<StockResult> ApplyAsync(this StockApp app, Guid tenantId, params StockChange[] changes) =>
        app.InStoreAsync(tenantId, services => services.GetRequiredService<StockWorkFactory>().ApplyAsync(changes, CancellationToken.None));

    public static Task<StockLevelRow?> LevelAsync(this StockApp app, Guid tenantId, Guid productId, Guid warehouseId) =>
        app.InStoreAsync(tenantId, services => services.GetRequiredService<StockDbContext>().StockLevels.AsNoTracking()
            .Where(s => s.ProductId == productId && s.WarehouseId == warehouseId)
            .Select(s => new StockLevelRow(s.OnHand, s.Reserved))
            .SingleOrDefaultAsync());

    /// <summary>
    /// Invariant I1 for a whole store: every stock row whose on hand or reserved differs from the sum of its
    /// movements, or whose last movement does not end where the row stands. Empty when the ledger is exact.
    /// </summary>
    public static Task<List<string>> LedgerMismatchesAsync(this StockApp app, Guid tenantId) =>
        app.InStoreAsync(tenantId, async services =>
        {
            var db = services.GetRequiredService<StockDbContext>();
            var rows = await db.StockLevels.AsNoTracking()
                .Select(s => new
                {
                    s.ProductId,
                    s.WarehouseId,
                    s.OnHand,
                    s.Reserved,
                    OnHandSum = db.StockMovements.Where(m => m.ProductId == s.ProductId && m.WarehouseId == s.WarehouseId).Sum(m => m.OnHandDelta),
                    ReservedSum = db.StockMovements.Where(m => m.ProductId == s.ProductId && m.WarehouseId == s.WarehouseId).Sum(m => m.ReservedDelta),
                    Last = db.StockMovements.Where(m => m.ProductId == s.ProductId && m.WarehouseId == s.WarehouseId)
                        .OrderByDescending(m => m.Id).Select(m => new { m.OnHandAfter, m.ReservedAfter }).FirstOrDefault(),
                })
                .ToListAsync();
            return rows
                .Where(r => r.OnHand != r.OnHandSum || r.Reserved != r.ReservedSum
                    || (r.Last is not null && (r.Last.OnHandAfter != r.OnHand || r.Last.ReservedAfter != r.Reserved)))
                .Select(r => $"{r.ProductId}/{r.WarehouseId}: on hand {r.OnHand} vs {r.OnHandSum}, reserved {r.Reserved} vs {r.ReservedSum}")
                .ToList();
        });
}

public sealed record StockLevelRow(int OnHand, int Reserved)
{
    public int Available => OnHand - Reserved;
}
