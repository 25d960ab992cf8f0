using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Webhooks;

/// <summary>
/// Every minute, across stores: deliveries whose claim expired go back to Pending, and every store with a delivery
/// due (a lost enqueue, a retry whose backoff ended) gets a delivery job. Nothing committed to the outbox is lost.
/// </summary>
public sealed class SweepWebhooksJob(StockDbContext db, ITenantContext tenant, IWebhookDispatcher dispatcher, TimeProvider clock)
{
    public const string RecurringId = "sweep-webhooks";

    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        using var crossStore = tenant.CrossStore("the webhook sweep reads every store's webhook outbox");
        var outbox = db.WebhookDeliveries.IgnoreQueryFilters([StockDbContext.TenantFilter]);
        await outbox.Where(d => d.Status == WebhookDeliveryStatus.Sending && d.ClaimExpiresAt < now)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, WebhookDeliveryStatus.Pending).SetProperty(d => d.ClaimExpiresAt, (DateTimeOffset?)null), ct);
        var stores = await outbox
            .Where(d => d.Status == WebhookDeliveryStatus.Pending && (d.NextAttemptAt == null || d.NextAttemptAt <= now))
            .Select(d => d.TenantId).Distinct().ToListAsync(ct);
        foreach (var store in stores)
        {
            dispatcher.Dispatch(store);
        }
    }
}
