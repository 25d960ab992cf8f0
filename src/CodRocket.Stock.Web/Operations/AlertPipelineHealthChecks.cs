using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Web.Operations;

/// <summary>
/// Some job server listening to the notification queue has a fresh heartbeat. Any node's server will do: jobs run
/// wherever one picks them up, so this is the cluster's state, read from Hangfire's storage.
/// </summary>
internal sealed class JobServerHealthCheck(JobStorage storage, IOptions<OperationsOptions> options, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var maxAge = TimeSpan.FromSeconds(options.Value.JobHeartbeatMaxAgeSeconds);
        try
        {
            var servers = await Task.Run(() => storage.GetMonitoringApi().Servers(), CancellationToken.None).WaitAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var listening = servers.Where(s => s.Queues.Contains(CodRocket.Stock.Notifications.HangfireNotificationDispatcher.Queue)).ToList();
            var freshest = listening.Where(s => s.Heartbeat is not null).Select(s => now - s.Heartbeat!.Value).DefaultIfEmpty(TimeSpan.MaxValue).Min();
            var data = new Dictionary<string, object>
            {
                ["servers"] = listening.Count,
                ["liveServers"] = listening.Count(s => s.Heartbeat is { } beat && now - beat <= maxAge),
                ["heartbeatAgeSeconds"] = freshest == TimeSpan.MaxValue ? -1 : (int)freshest.TotalSeconds,
                ["maxAgeSeconds"] = (int)maxAge.TotalSeconds,
            };
            return freshest <= maxAge
                ? HealthCheckResult.Healthy($"A job server beat {(int)freshest.TotalSeconds} s ago.", data)
                : new HealthCheckResult(options.Value.AlertPipelineFailureStatus, listening.Count == 0
                    ? "No job server listens to the notification queue: alerts are not delivered."
                    : $"No job server has beaten for {(int)maxAge.TotalSeconds} s: alerts are not delivered.", data: data);
        }
        catch (Exception e) when (e is OperationCanceledException || Data.DatabaseFailures.IsUnavailable(e))
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The job storage did not answer in time.");
        }
    }
}

/// <summary>The outbox delivers: its oldest undelivered notification is younger than the threshold, and few failed for good.</summary>
internal sealed class OutboxHealthCheck(OutboxMonitor monitor, IOptions<OperationsOptions> options, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        try
        {
            var state = await monitor.ReadAsync(TimeSpan.Zero, clock).WaitAsync(cancellationToken);
            var maxAge = TimeSpan.FromMinutes(settings.OutboxMaxAgeMinutes);
            var data = new Dictionary<string, object>
            {
                ["undelivered"] = state.Undelivered,
                ["oldestUndeliveredAgeSeconds"] = (int)(state.OldestUndeliveredAge?.TotalSeconds ?? 0),
                ["maxAgeSeconds"] = (int)maxAge.TotalSeconds,
                ["failed"] = state.Failed,
                ["maxFailed"] = settings.MaxFailedNotifications,
            };
            if (state.OldestUndeliveredAge > maxAge)
            {
                return new HealthCheckResult(settings.AlertPipelineFailureStatus,
                    $"A notification has waited {(int)state.OldestUndeliveredAge.Value.TotalMinutes} min: alerts are not going out.", data: data);
            }
            if (state.Failed > settings.MaxFailedNotifications)
            {
                return new HealthCheckResult(settings.AlertPipelineFailureStatus,
                    $"{state.Failed} notifications failed for good: re-drive them once the cause is fixed.", data: data);
            }
            return HealthCheckResult.Healthy($"{state.Undelivered} notifications waiting.", data);
        }
        catch (Exception e) when (e is OperationCanceledException || Data.DatabaseFailures.IsUnavailable(e))
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The outbox could not be read in time.");
        }
    }
}
