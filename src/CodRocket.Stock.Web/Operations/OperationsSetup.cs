using System.Diagnostics.Metrics;
using System.Text.Json;
using CodRocket.Stock.Operations;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;

namespace CodRocket.Stock.Web.Operations;

/// <summary>Health checks, request timeouts, metrics and the answer to a lost database.</summary>
public static class OperationsSetup
{
    /// <summary>The request-timeout policy of CSV imports, exports and bulk actions (<c>[RequestTimeout(OperationsSetup.LongRequests)]</c>).</summary>
    public const string LongRequests = "long";

    public const string ReadyTag = "ready";

    /// <summary>Meters published by the platform itself, collected by name.</summary>
    private static readonly string[] PlatformMeters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting", "Microsoft.AspNetCore.Authentication",
        "System.Runtime", "System.Net.Http", "Npgsql",
    ];

    public static void AddStockOperations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<OperationsOptions>().BindConfiguration(OperationsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(OperationsOptions.Section).Get<OperationsOptions>() ?? new OperationsOptions();

        services.AddRequestTimeouts(o =>
        {
            o.DefaultPolicy = Policy(options.RequestTimeoutSeconds);
            o.AddPolicy(LongRequests, Policy(options.LongRequestTimeoutSeconds));
        });

        services.AddSingleton<OutboxMonitor>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<JobServerHealthCheck>("jobs", options.AlertPipelineFailureStatus, [ReadyTag])
            .AddCheck<OutboxHealthCheck>("outbox", options.AlertPipelineFailureStatus, [ReadyTag]);
        // Every readiness check is cut short: a partitioned database fails readiness in seconds.
        var timeout = TimeSpan.FromSeconds(options.HealthCheckTimeoutSeconds);
        services.Configure<HealthCheckServiceOptions>(o =>
        {
            foreach (var registration in o.Registrations)
            {
                registration.Timeout = timeout;
            }
        });

        if (options.MetricsEnabled)
        {
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(PlatformMeters)
                .AddMeter(StockMetrics.MeterName, OutboxMeterName)
                .AddPrometheusExporter());
        }
    }

    public static void MapStockOperations(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReadinessAsync,
        }).AllowAnonymous();

        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OperationsOptions>>().Value;
        if (options.MetricsEnabled)
        {
            ObserveOutbox(app.Services);
            app.MapPrometheusScrapingEndpoint(options.MetricsPath).AllowAnonymous();
        }
    }

    private const string OutboxMeterName = "CodRocket.Stock.Outbox";

    /// <summary>The outbox's backlog as gauges, from the latest reading (refreshed in the background when older than 15 s).</summary>
    private static void ObserveOutbox(IServiceProvider services)
    {
        var monitor = services.GetRequiredService<OutboxMonitor>();
        var clock = services.GetRequiredService<TimeProvider>();
        var meter = services.GetRequiredService<IMeterFactory>().Create(OutboxMeterName);
        OutboxState? Latest()
        {
            monitor.Refresh(TimeSpan.FromSeconds(15), clock);
            return monitor.Latest;
        }
        meter.CreateObservableGauge("codrocket.outbox.oldest_undelivered_age", () => Latest()?.OldestUndeliveredAge?.TotalSeconds ?? 0, "s",
            "Age of the oldest notification not yet delivered, every store");
        meter.CreateObservableGauge("codrocket.outbox.undelivered", () => monitor.Latest?.Undelivered ?? 0, "{notification}",
            "Notifications waiting for delivery, every store");
        meter.CreateObservableGauge("codrocket.notifications.failed", () => monitor.Latest?.Failed ?? 0, "{notification}",
            "Notifications that failed for good (until re-driven), every store");
    }

    private static Task WriteReadinessAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            durationMs = (int)report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = (int)e.Value.Duration.TotalMilliseconds,
                data = e.Value.Data,
            }),
        }, Json));
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static RequestTimeoutPolicy Policy(int seconds) => new()
    {
        Timeout = TimeSpan.FromSeconds(seconds),
        TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
        WriteTimeoutResponse = DatabaseUnavailable.WriteAsync,
    };
}
