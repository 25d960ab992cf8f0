using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.Testing;

/// <summary>Orders placed and moved at chosen instants (the app's own clock is the real one).</summary>
public static class ForecastSeeding
{
    public static Task<T> AtAsync<T>(this StockApp app, Guid tenantId, DateTimeOffset at, Func<OrderService, Task<T>> action) =>
        app.InStoreAsync(tenantId, services =>
        {
            var clock = new FixedClock(at);
            var db = services.GetRequiredService<StockDbContext>();
            var tenant = services.GetRequiredService<ITenantContext>();
            var stockWork = new StockWorkFactory(db, tenant, clock, services.GetRequiredService<IBackorderQueue>(),
                services.GetRequiredService<INotificationDispatcher>(), services.GetRequiredService<WebhookEvents>());
            return action(new OrderService(db, tenant, stockWork, clock));
        });

    /// <summary>Receives stock through the ledger at <paramref name="at"/> (so charts of past days see it arrive then).</summary>
    public static Task ReceiveAtAsync(this StockApp app, Guid tenantId, DateTimeOffset at, Guid productId, Guid warehouseId, int quantity) =>
        app.InStoreAsync(tenantId, services =>
        {
            var db = services.GetRequiredService<StockDbContext>();
            var stockWork = new StockWorkFactory(db, services.GetRequiredService<ITenantContext>(), new FixedClock(at),
                services.GetRequiredService<IBackorderQueue>(), services.GetRequiredService<INotificationDispatcher>(),
                services.GetRequiredService<WebhookEvents>());
            return stockWork.ReceiveAsync(productId, warehouseId, quantity, "Opening stock", CancellationToken.None);
        });

    public static async Task<Order> PlaceAtAsync(this StockApp app, Guid tenantId, DateTimeOffset at, OrderDraft draft)
    {
        var result = await app.AtAsync(tenantId, at, orders => orders.PlaceAsync(draft, acknowledgeShortages: true, CancellationToken.None));
        return result is PlaceOrderResult.Placed placed ? placed.Order : throw new InvalidOperationException($"Order not placed: {result}");
    }

    public static async Task MoveAtAsync(this StockApp app, Guid tenantId, DateTimeOffset at, Guid orderId, params OrderStatus[] steps)
    {
        foreach (var step in steps)
        {
            var result = await app.AtAsync(tenantId, at, orders => orders.MoveAsync(orderId, step, CancellationToken.None));
            if (result is not TransitionResult.Done)
            {
                throw new InvalidOperationException($"Order {orderId} not moved to {step}: {result}");
            }
        }
    }

    public static Task SetStoreAsync(this StockApp app, Guid tenantId, string timeZone, int windowDays, int? defaultThreshold = null) =>
        app.InDbAsync(tenantId, async db =>
        {
            var store = await db.CurrentTenantAsync(CancellationToken.None);
            store.UpdateSettings(new StoreSettings(store.Name, defaultThreshold, OutOfStockPolicy.Block, windowDays, timeZone, "en"));
            return await db.SaveChangesAsync();
        });

    public static Task SetReplenishmentAsync(this StockApp app, Guid tenantId, Guid productId, int? leadTime, int? safety, decimal factor = 1m) =>
        app.InDbAsync(tenantId, async db =>
        {
            var product = await db.Products.SingleAsync(p => p.Id == productId);
            product.UpdateStockSettings(new ProductStockSettings(product.LowStockThreshold, product.SmsAlerts, product.OutOfStockPolicy, leadTime, safety, factor),
                DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
