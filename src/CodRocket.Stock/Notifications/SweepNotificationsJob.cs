using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CodRocket.Stock.Notifications;

/// <summary>
/// Every minute, across stores: rows whose claim expired (the job that took them died, or its node was killed) go
/// back to Pending, and every store with
/// something due (new rows whose enqueue was lost, retries whose backoff ended) gets a delivery job. Nothing
/// committed to the outbox is lost to a crash or an outage; at worst it waits a minute.
/// </summary>
public sealed class SweepNotificationsJob(
    StockDbContext db, ITenantContext tenant, INotificationDispatcher dispatcher, TimeProvider clock, ILogger<SweepNotificationsJob> logger)
{
    public const string RecurringId = "sweep-notifications";

    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // A platform job: it reads every store's outbox on purpose (row-level security's audited bypass, and the EF
        // tenant filter visibly ignored), through the partial index of undelivered rows.
        using var crossStore = tenant.CrossStore("the notification sweep reads every store's outbox");
        var outbox = db.Notifications.IgnoreQueryFilters([StockDbContext.TenantFilter]);
        var requeued = await outbox
            .Where(n => n.Status == NotificationStatus.Sending
                && (n.ClaimExpiresAt < now || (n.ClaimExpiresAt == null && n.ClaimedAt < now - Notification.ClaimTimeout)))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, NotificationStatus.Pending).SetProperty(n => n.ClaimExpiresAt, (DateTimeOffset?)null), ct);
        if (requeued > 0)
        {
            logger.LogWarning("{Count} notifications whose claim expired (a delivery that never finished) are queued again", requeued);
        }
        var stores = await outbox
            .Where(n => n.Status == NotificationStatus.Pending && (n.NextAttemptAt == null || n.NextAttemptAt <= now))
            .Select(n => n.TenantId)
            .Distinct()
            .ToListAsync(ct);
        foreach (var store in stores)
        {
            dispatcher.Dispatch(store);
        }
    }
}
