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

    private readonly StoreCoalescer _coalescer = new(Coalesce, clock);

    public void Dispatch(Guid tenantId) => _coalescer.Run(tenantId, id => Enqueue(id, null));

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
}
