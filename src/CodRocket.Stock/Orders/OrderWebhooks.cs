using CodRocket.Stock.Webhooks;

namespace CodRocket.Stock.Orders;

/// <summary>The order events integrators receive: what a storefront needs to keep its own copy of the order in step.</summary>
internal static class OrderWebhooks
{
    public static WebhookEvent Created(Order order, IEnumerable<(string Sku, int Quantity)> lines) =>
        new(WebhookEventTypes.OrderCreated, null, order.WarehouseId, new Dictionary<string, object?>
        {
            ["orderId"] = order.Id,
            ["number"] = order.Number,
            ["status"] = order.Status.ToString(),
            ["externalReference"] = order.ExternalReference,
            ["backordered"] = order.IsBackordered,
            ["lines"] = lines.Select(l => new { sku = l.Sku, quantity = l.Quantity }).ToList(),
            // As in the API's order answer: the key that placed the order (null: taken on the orders page).
            ["apiKeyId"] = order.ApiKeyId,
        });

    public static WebhookEvent StatusChanged(Order order, OrderStatus previous) =>
        new(WebhookEventTypes.OrderStatusChanged, null, order.WarehouseId, new Dictionary<string, object?>
        {
            ["orderId"] = order.Id,
            ["number"] = order.Number,
            ["status"] = order.Status.ToString(),
            ["previousStatus"] = previous.ToString(),
            ["externalReference"] = order.ExternalReference,
            ["apiKeyId"] = order.ApiKeyId,
        });

    public static WebhookEvent BackorderFilled(Guid orderId, Guid productId, Guid warehouseId, int units) =>
        new(WebhookEventTypes.BackorderFilled, productId, warehouseId, new Dictionary<string, object?> { ["orderId"] = orderId, ["units"] = units });
}
