using CodRocket.Stock.Alerts;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.Testing;

/// <summary>
/// A store with more than two pages of every list the app pages: products, the stock report, alerts, the delivery
/// log, orders, a product's movements and a product's settings history. Seeded through the app's own paths (the
/// ledger, the alert evaluator, the order service, the settings change), except the bulk products.
/// </summary>
public static class ListSeeding
{
    public const string BusySku = "HOT-001";
    public const string OrderedSku = "ORD-001";

    public static async Task<BusyStore> SeedBusyStoreAsync(this StockApp app, Guid tenantId)
    {
        var cas = await app.AddWarehouseAsync(tenantId, "CAS");
        var rak = await app.AddWarehouseAsync(tenantId, "RAK");

        // 70 products and a Low Stock Alert of 30 on each: about 70 open alerts, each with an e-mail to the owner.
        await BulkSeeding.SeedProductsAsync(app.ConnectionString, tenantId, 70, [cas, rak]);
        var ids = await app.InDbAsync(tenantId, db => db.Products.Select(p => p.Id).ToListAsync());
        await app.ChangeInWorkAsync(tenantId, ids, db => db.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.LowStockThreshold, 30)));

        // One product received 45 times (3 pages of movements, each ending at another on-hand figure) whose settings
        // changed 40 times (120 history rows: 3 pages) and once in bulk.
        var busy = await app.AddProductAsync(tenantId, BusySku);
        await app.ApplyAsync(tenantId, [.. Enumerable.Range(1, 45).Select(_ => StockChange.Receive(busy, cas, 1))]);
        for (var i = 1; i <= 40; i++)
        {
            var value = i;
            await app.ChangeInWorkAsync(tenantId, [busy], async db =>
            {
                var product = await db.Products.SingleAsync(p => p.Id == busy);
                product.UpdateStockSettings(new ProductStockSettings(value, product.SmsAlerts, product.OutOfStockPolicy, value, value, 1m), DateTimeOffset.UtcNow);
            }, ChangeOrigin.ProductPage);
        }

        // And one bulk action (SMS alerts on), so that its history links to a change's page with its "Revert this change".
        await app.InStoreAsync(tenantId, services => services.GetRequiredService<BulkProductChange>()
            .ApplyAsync(services.GetRequiredService<StockDbContext>().Products.Where(p => p.Id == busy), BulkAction.SmsAlerts(true), CancellationToken.None));

        // 55 orders (3 pages) of a product with a lead time, so its page suggests a threshold to apply.
        var ordered = await app.AddProductAsync(tenantId, OrderedSku, null, (cas, 1_000));
        await app.SetReplenishmentAsync(tenantId, ordered, leadTime: 3, safety: 5);
        for (var i = 0; i < 55; i++)
        {
            await app.PlaceOrderAsync(tenantId, OrderSeeding.Draft(cas, (OrderedSku, 1 + i % 3)), acknowledge: true);
        }
        return new BusyStore(cas, rak, busy, ordered);
    }
}

/// <param name="Busy">The product with pages of movements and of settings history.</param>
/// <param name="Ordered">The product of every order, with a suggested threshold (lead time 3 days, safety stock 5).</param>
public sealed record BusyStore(Guid Cas, Guid Rak, Guid Busy, Guid Ordered);
