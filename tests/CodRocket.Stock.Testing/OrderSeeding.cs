using CodRocket.Stock.Catalog;
using CodRocket.Stock.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.Testing;

public static class OrderSeeding
{
    public static OrderDraft Draft(Guid warehouseId, params (string Sku, int Quantity)[] lines) =>
        new(warehouseId, new OrderCustomer("Amina Customer", "+212 600 000 000", "Rabat", "12 rue des Orangers"), null,
            [.. lines.Select(l => new OrderDraftLine(l.Sku, l.Quantity))]);

    public static Task<PlaceOrderResult> PlaceOrderAsync(this StockApp app, Guid tenantId, OrderDraft draft, bool acknowledge = false) =>
        app.InStoreAsync(tenantId, services => services.GetRequiredService<OrderService>().PlaceAsync(draft, acknowledge, CancellationToken.None));

    public static Task<TransitionResult> MoveOrderAsync(this StockApp app, Guid tenantId, Guid orderId, OrderStatus next) =>
        app.InStoreAsync(tenantId, services => services.GetRequiredService<OrderService>().MoveAsync(orderId, next, CancellationToken.None));

    public static Task SetPolicyAsync(this StockApp app, Guid tenantId, Guid productId, OutOfStockPolicy? policy) =>
        app.InDbAsync(tenantId, db => db.Products.Where(p => p.Id == productId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.OutOfStockPolicy, policy)));

    /// <summary>
    /// stock_levels.backordered against the open orders' waiting lines: every mismatching (product, warehouse).
    /// </summary>
    public static Task<List<string>> BackorderMismatchesAsync(this StockApp app, Guid tenantId) =>
        app.InDbAsync(tenantId, async db =>
        {
            var waiting = await db.OrderLines.AsNoTracking()
                .Join(db.Orders, l => l.OrderId, o => o.Id, (l, o) => new { l.ProductId, o.WarehouseId, l.Backordered, o.Status })
                .Where(x => x.Status == OrderStatus.New || x.Status == OrderStatus.Confirmed)
                .GroupBy(x => new { x.ProductId, x.WarehouseId })
                .Select(g => new { g.Key.ProductId, g.Key.WarehouseId, Units = g.Sum(x => x.Backordered) })
                .ToListAsync();
            var levels = await db.StockLevels.AsNoTracking().Select(s => new { s.ProductId, s.WarehouseId, s.Backordered }).ToListAsync();
            return levels
                .Select(l => (l, expected: waiting.FirstOrDefault(w => w.ProductId == l.ProductId && w.WarehouseId == l.WarehouseId)?.Units ?? 0))
                .Where(x => x.l.Backordered != x.expected)
                .Select(x => $"{x.l.ProductId}/{x.l.WarehouseId}: row says {x.l.Backordered}, orders wait for {x.expected}")
                .ToList();
        });
}
