using Hangfire;
using Microsoft.Extensions.Logging;

namespace CodRocket.Stock.Notifications;

/// <summary>Starts delivery of notifications once the transaction that wrote them has committed.</summary>
public interface INotificationDispatcher
{
    /// <summary>Enqueues delivery of whatever is pending for the store.</summary>
    void Dispatch(Guid tenantId);
}

/// <summary>
/// One Hangfire job per committed change that queued something (a job costs a score of database transactions,
/// so never one per stock change). If the enqueue fails, the rows stay pending and the minutely sweep finds them.
/// </summary>
public sealed class HangfireNotificationDispatcher(IBackgroundJobClient jobs, ILogger<HangfireNotificationDispatcher> logger)
    : INotificationDispatcher
{
    public const string Queue = "notifications";

    public void Dispatch(Guid tenantId)
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
}
