using CodRocket.Stock.Webhooks;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>Merchant words for webhook event types and delivery states (English keys for the localizer; the type itself is shown next to them).</summary>
public static class WebhookText
{
    public static string Describe(string type) => type switch
    {
        WebhookEventTypes.AlertOpened => "A stock alert opened",
        WebhookEventTypes.AlertEscalated => "A stock alert reached out of stock",
        WebhookEventTypes.AlertResolved => "A stock alert resolved",
        WebhookEventTypes.OrderCreated => "An order was placed",
        WebhookEventTypes.OrderStatusChanged => "An order changed status",
        WebhookEventTypes.BackorderFilled => "Arriving stock filled a backorder",
        WebhookEventTypes.StockChanged => "Stock changed (receipt, count, transfer, order)",
        _ => "Test event",
    };

    public static string Status(WebhookDeliveryStatus status) => status switch
    {
        WebhookDeliveryStatus.Pending => "Pending",
        WebhookDeliveryStatus.Sending => "Sending",
        WebhookDeliveryStatus.Delivered => "Delivered",
        _ => "Failed",
    };

    public static string Pill(WebhookDeliveryStatus status) => status switch
    {
        WebhookDeliveryStatus.Delivered => "status-ok",
        WebhookDeliveryStatus.Failed => "status-out",
        _ => "status-low",
    };
}
