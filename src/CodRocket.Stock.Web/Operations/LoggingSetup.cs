using CodRocket.Stock.Data;
using CodRocket.Stock.Web.Api;
using CodRocket.Stock.Web.Tenancy;
using Hangfire.Common;
using Hangfire.Server;
using Serilog;
using Serilog.Context;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace CodRocket.Stock.Web.Operations;

/// <summary>
/// Serilog to the console: text for people, or compact JSON (one object a line, CLEF) for a log pipeline when
/// <c>Logging__Console__FormatterName=json</c>. Every request event carries the store, the user or the API key; every
/// job's events carry the store it works for.
/// </summary>
public static class LoggingSetup
{
    public const string FormatterSetting = "Logging:Console:FormatterName";
    private const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}";

    public static bool JsonConsole(IConfiguration configuration) =>
        string.Equals(configuration[FormatterSetting], "json", StringComparison.OrdinalIgnoreCase);

    public static void AddStockLogging(this WebApplicationBuilder builder)
    {
        var json = JsonConsole(builder.Configuration);
        builder.Services.AddSerilog((provider, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(provider)
                .Enrich.FromLogContext();
            // The console is chosen here, not in appsettings: a sink there and one from the environment would both write.
            if (json)
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
            else
            {
                logger.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        },
        // Each host logs through its own logger, not Serilog's static one (which the last host built would own: tests build many).
        preserveStaticLogger: true);
        // Hangfire's filters are process-wide; a test process builds many hosts.
        if (!Hangfire.GlobalJobFilters.Filters.Any(f => f.Instance is StoreLogContextFilter))
        {
            Hangfire.GlobalJobFilters.Filters.Add(new StoreLogContextFilter());
        }
    }

    public static void UseStockRequestLogging(this WebApplication app) =>
        app.UseSerilogRequestLogging(o =>
        {
            o.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                if (StoreClaims.TryRead(http.User, out var storeId, out var userId))
                {
                    diagnostics.Set("StoreId", storeId);
                    diagnostics.Set("UserId", userId);
                }
                if (http.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value is { } keyId)
                {
                    diagnostics.Set("ApiKeyId", keyId);
                }
            };
            o.GetLevel = Level;
            // This host's logger, not Serilog's static one (the last host built in the process, in tests).
            o.Logger = app.Services.GetService<Serilog.ILogger>();
        });

    /// <summary>Probes and scrapes at Debug (they come every few seconds); a lost database is a warning, a bug an error.</summary>
    internal static LogEventLevel Level(HttpContext http, double elapsed, Exception? exception)
    {
        if (http.Request.Path.StartsWithSegments("/health") || http.Request.Path.StartsWithSegments("/metrics"))
        {
            return exception is null && http.Response.StatusCode < 500 ? LogEventLevel.Debug : LogEventLevel.Warning;
        }
        if (exception is not null && !DatabaseFailures.IsUnavailable(exception))
        {
            return LogEventLevel.Error;
        }
        return http.Response.StatusCode switch
        {
            StatusCodes.Status503ServiceUnavailable => LogEventLevel.Warning,
            >= 500 => LogEventLevel.Error,
            _ => LogEventLevel.Information,
        };
    }

    /// <summary>A job whose first argument is a store id (delivery jobs) logs with <c>StoreId</c>, and every job with <c>JobId</c>.</summary>
    private sealed class StoreLogContextFilter : JobFilterAttribute, IServerFilter
    {
        private const string Key = "codrocket-log-context";

        public void OnPerforming(PerformingContext context)
        {
            var storeId = context.BackgroundJob.Job.Args.FirstOrDefault() as Guid?;
            context.Items[Key] = new Scope(LogContext.PushProperty("JobId", context.BackgroundJob.Id),
                storeId is { } id ? LogContext.PushProperty("StoreId", id) : null);
        }

        public void OnPerformed(PerformedContext context)
        {
            if (context.Items.TryGetValue(Key, out var scope))
            {
                ((Scope)scope).Dispose();
            }
        }

        private sealed record Scope(IDisposable Job, IDisposable? Store) : IDisposable
        {
            public void Dispose()
            {
                Store?.Dispose();
                Job.Dispose();
            }
        }
    }
}
