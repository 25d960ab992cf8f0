using System.Diagnostics.Metrics;

namespace CodRocket.Stock.Operations;

/// <summary>
/// The app's own meter, "CodRocket.Stock": what happened, counted where it happens. A meter nobody listens to costs
/// an interlocked add; the web host exports it (with ASP.NET Core's, Npgsql's and the runtime's) when metrics are on.
/// The outbox's backlog is observed from the database instead (see OutboxBacklog), so every node reports the cluster's.
/// </summary>
public static class StockMetrics
{
    public const string MeterName = "CodRocket.Stock";

    public static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> StockChanges =
        Meter.CreateCounter<long>("codrocket.stock.changes", "{change}", "Stock changes committed (receipts, counts, transfers, orders...)");

    public static readonly Counter<long> AlertsOpened =
        Meter.CreateCounter<long>("codrocket.alerts.opened", "{alert}", "Low-stock alerts opened");

    public static readonly Counter<long> NotificationsSent =
        Meter.CreateCounter<long>("codrocket.notifications.sent", "{notification}", "Notifications delivered (e-mail rows of a digest count one each)");

    public static readonly Counter<long> NotificationAttemptsFailed =
        Meter.CreateCounter<long>("codrocket.notifications.attempts_failed", "{notification}", "Delivery attempts that failed (retried later, or failed for good)");

    public static readonly Counter<long> WebhooksDelivered =
        Meter.CreateCounter<long>("codrocket.webhooks.delivered", "{delivery}", "Webhook deliveries a receiver accepted (2xx)");

    public static readonly Counter<long> WebhookAttemptsFailed =
        Meter.CreateCounter<long>("codrocket.webhooks.attempts_failed", "{delivery}", "Webhook attempts that failed (retried later, or given up after 24 h)");
}
