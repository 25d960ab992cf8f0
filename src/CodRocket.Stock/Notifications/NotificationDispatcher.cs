using System.Collections.Concurrent;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace CodRocket.Stock.Notifications;

/// <summary>Starts delivery of notifications once the transaction that wrote them has committed.</summary>
public interface INotificationDispatcher
{
    /// <summary>Enqueues delivery of whatever is pending for the store.</summary>
    void Dispatch(Guid tenantId);

    /// <summary>Schedules delivery for when held notifications fall due (a digest window closes).</summary>
    void DispatchAt(Guid tenantId, DateTimeOffset at);
}

/// <summary>
/// A Hangfire job after a committed change that queued something (a job costs a score of database transactions,
/// so never one per stock change), at most one per store every <see cref="Coalesce"/>: the first at once, the
/// changes that follow within it by one job at its end, which sees them all committed. A storefront's burst of
/// single API calls (a hundred a second) then costs a few jobs a second, not a backlog that would hold back the
/// digest due when the window closes. If an enqueue fails or the process stops first, the rows stay pending and the
/// minutely sweep finds them.
/// </summary>
public sealed class HangfireNotificationDispatcher(IBackgroundJobClient jobs, TimeProvider clock, ILogger<HangfireNotificationDispatcher> logger)
    : INotificationDispatcher
{
    public const string Queue = "notifications";
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(250);

    private readonly StoreCoalescer _coalescer = new(Coalesce, clock);

    // The delivery this process scheduled last, per store. During a burst every delivery job finds the same window
    // still open: one scheduled job is enough, since the one that runs schedules whatever it leaves held. Another
    // node schedules its own (at worst one per node); a lost one is made up by the minutely sweep.
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _scheduled = new();

    public void Dispatch(Guid tenantId) => _coalescer.Run(tenantId, Enqueue);

    private void Enqueue(Guid tenantId)
    {
        try
        {
            jobs.Enqueue<DeliverNotificationsJob>(Queue, job => job.RunAsync(tenantId, CancellationToken.None));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not enqueue notification delivery for store {StoreId}; the sweep will retry", tenantId);
        }
    }

    public void DispatchAt(Guid tenantId, DateTimeOffset at)
    {
        // Hangfire keeps a scheduled time in whole seconds, truncated: 12:00:05.7 could run at 12:00:05.1, find the
        // window still open, and leave the held rows to the minutely sweep. Rounded up, it never runs early.
        at = new DateTimeOffset((at.UtcTicks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        if (_scheduled.TryGetValue(tenantId, out var scheduled) && scheduled > clock.GetUtcNow() && scheduled <= at)
        {
            return;
        }
        _scheduled[tenantId] = at;
        try
        {
            jobs.Schedule<DeliverNotificationsJob>(Queue, job => job.RunAsync(tenantId, CancellationToken.None), at);
        }
        catch (Exception e)
        {
            _scheduled.TryRemove(tenantId, out _);
            logger.LogWarning(e, "Could not schedule notification delivery for store {StoreId}; the sweep will run it", tenantId);
        }
    }
}
