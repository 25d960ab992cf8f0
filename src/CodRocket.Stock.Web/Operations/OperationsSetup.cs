using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CodRocket.Stock.Web.Operations;

/// <summary>Health checks, request timeouts and the answer to a lost database.</summary>
public static class OperationsSetup
{
    /// <summary>The request-timeout policy of CSV imports, exports and bulk actions (<c>[RequestTimeout(OperationsSetup.LongRequests)]</c>).</summary>
    public const string LongRequests = "long";

    public const string ReadyTag = "ready";

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

        var timeout = TimeSpan.FromSeconds(options.HealthCheckTimeoutSeconds);
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [ReadyTag]);
        // Every readiness check is cut short; the database check's token reaches Npgsql's connect and query.
        services.Configure<HealthCheckServiceOptions>(o =>
        {
            foreach (var registration in o.Registrations)
            {
                registration.Timeout = timeout;
            }
        });
    }

    private static RequestTimeoutPolicy Policy(int seconds) => new()
    {
        Timeout = TimeSpan.FromSeconds(seconds),
        TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
        WriteTimeoutResponse = DatabaseUnavailable.WriteAsync,
    };
}
