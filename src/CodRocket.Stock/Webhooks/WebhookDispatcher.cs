using System.Collections.Concurrent;
using CodRocket.Stock.Notifications;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace CodRocket.Stock.Webhooks;

/// <summary>Starts delivery of a store's webhooks once the transaction that wrote them has committed.</summary>
public interface IWebhookDispatcher
{
    void Dispatch(Guid tenantId);

    /// <summary>Schedules delivery for when a retry falls due.</summary>
    void DispatchAt(Guid tenantId, DateTimeOffset at);
}

/// <summary>
/// A Hangfire job per store at most every <see cref="Coalesce"/>, as for notifications: a storefront's burst of stock
/// changes costs a few jobs a second. A lost enqueue leaves the rows pending for the minutely sweep.
/// </summary>
public sealed class HangfireWebhookDispatcher(IBackgroundJobClient jobs, TimeProvider clock, ILogger<HangfireWebhookDispatcher> logger) : IWebhookDispatcher
{
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<Guid, Pace> _paces = new();

    public void Dispatch(Guid tenantId)
    {
        var pace = _paces.GetOrAdd(tenantId, _ => new Pace());
        TimeSpan wait;
        lock (pace)
        {
            var now = clock.GetUtcNow();
            if (now - pace.Last >= Coalesce)
            {
                pace.Last = now;
                wait = TimeSpan.Zero;
            }
            else if (pace.Trailing)
            {
                return; // the job promised for the end of the interval finds this change committed
            }
            else
            {
                pace.Trailing = true;
                wait = pace.Last + Coalesce - now;
            }
        }
        if (wait == TimeSpan.Zero)
        {
            Enqueue(tenantId, null);
            return;
        }
        _ = Task.Delay(wait, clock).ContinueWith(_ =>
        {
            lock (pace)
            {
                pace.Trailing = false;
                pace.Last = clock.GetUtcNow();
            }
            Enqueue(tenantId, null);
        }, TaskScheduler.Default);
    }

    public void DispatchAt(Guid tenantId, DateTimeOffset at) => Enqueue(tenantId, at);

    private void Enqueue(Guid tenantId, DateTimeOffset? at)
    {
        try
        {
            if (at is { } when)
            {
                jobs.Schedule<DeliverWebhooksJob>(HangfireNotificationDispatcher.Queue, job => job.RunAsync(tenantId, CancellationToken.None), when);
            }
            else
            {
                jobs.Enqueue<DeliverWebhooksJob>(HangfireNotificationDispatcher.Queue, job => job.RunAsync(tenantId, CancellationToken.None));
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not enqueue webhook delivery for store {StoreId}; the sweep will retry", tenantId);
        }
    }

    private sealed class Pace
    {
        public DateTimeOffset Last { get; set; } = DateTimeOffset.MinValue;
        public bool Trailing { get; set; }
    }
}
