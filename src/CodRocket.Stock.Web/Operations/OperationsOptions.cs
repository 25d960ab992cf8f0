using System.ComponentModel.DataAnnotations;

namespace CodRocket.Stock.Web.Operations;

/// <summary>The "Operations" section (environment: <c>Operations__RequestTimeoutSeconds</c>, ...).</summary>
public sealed class OperationsOptions
{
    public const string Section = "Operations";

    /// <summary>A page or API request still running after this answers 503 with Retry-After (CSV imports, exports and bulk actions get <see cref="LongRequestTimeoutSeconds"/>).</summary>
    [Range(1, 3600)]
    public int RequestTimeoutSeconds { get; set; } = 30;

    [Range(1, 3600)]
    public int LongRequestTimeoutSeconds { get; set; } = 600;

    /// <summary>Each readiness check gives up after this: a partitioned database fails readiness at once, not in 15 s.</summary>
    [Range(1, 60)]
    public int HealthCheckTimeoutSeconds { get; set; } = 3;

    /// <summary>Readiness says the job servers are gone when the freshest heartbeat is older than this (Hangfire beats every 30 s).</summary>
    [Range(10, 86400)]
    public int JobHeartbeatMaxAgeSeconds { get; set; } = 120;

    /// <summary>Readiness says alerts are not going out when an undelivered notification has waited longer than this.</summary>
    [Range(1, 10080)]
    public int OutboxMaxAgeMinutes { get; set; } = 30;

    /// <summary>Readiness complains when more notifications than this have failed for good (a re-drive sends them again).</summary>
    [Range(0, int.MaxValue)]
    public int MaxFailedNotifications { get; set; }

    /// <summary>
    /// What readiness reports when the job servers or the outbox are unwell: Degraded (200, the body says which; the
    /// default, so a worker outage does not take the web nodes out of the proxy) or Unhealthy (503).
    /// </summary>
    public Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus AlertPipelineFailureStatus { get; set; } =
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded;

    /// <summary>Export metrics (OpenTelemetry) for Prometheus at <see cref="MetricsPath"/>. Off by default.</summary>
    public bool MetricsEnabled { get; set; }

    public string MetricsPath { get; set; } = "/metrics";
}
