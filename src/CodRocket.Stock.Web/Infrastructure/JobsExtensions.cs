using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Web.Tenancy;
using CodRocket.Stock.Webhooks;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>The "Jobs" section.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run a Hangfire server in this process. Off in tests (they call jobs directly) and in web-only nodes.</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>
    /// Let operators delete, retry and trigger jobs from the dashboard at /ops/jobs. Off: they only look. Who is an
    /// operator is not configured here: <c>create-operator</c> makes the accounts.
    /// </summary>
    public bool DashboardWritable { get; set; }

    /// <summary>
    /// Create or upgrade Hangfire's schema at start. <c>migrate</c> always does it as the schema's owner; turn this off
    /// where the app connects as a role without DDL rights (compose does).
    /// </summary>
    public bool PrepareSchema { get; set; } = true;
}

public static class JobsExtensions
{
    public const string DashboardPath = "/ops/jobs";
    public const string Schema = "hangfire";

    /// <summary>Hangfire on the app's PostgreSQL in its own schema, picking up new jobs through LISTEN/NOTIFY.</summary>
    public static void AddStockJobs(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        builder.Services.Configure<JobsOptions>(builder.Configuration.GetSection(JobsOptions.Section));
        var connectionString = builder.Configuration.GetConnectionString(StockServiceCollectionExtensions.ConnectionStringName);
        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions
            {
                SchemaName = Schema,
                PrepareSchemaIfNecessary = options.PrepareSchema,
                // A job enqueued by a web request starts within milliseconds, not at the next poll.
                EnableLongPolling = true,
                QueuePollInterval = TimeSpan.FromSeconds(5),
            }));
        if (options.RunServer)
        {
            builder.Services.AddHangfireServer(o =>
            {
                o.Queues = [HangfireNotificationDispatcher.Queue, "default"];
                o.WorkerCount = Math.Max(2, Environment.ProcessorCount * 2);
                // A digest window closes with a scheduled delivery: Hangfire looks for due ones every second, not every 15.
                o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            });
        }
    }

    public static void UseStockJobs(this WebApplication app)
    {
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<SweepNotificationsJob>(
            SweepNotificationsJob.RecurringId, HangfireNotificationDispatcher.Queue, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        // Every quarter of an hour: each store's summary goes out in the first quarter of its local hour, once a day.
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<SweepWebhooksJob>(
            SweepWebhooksJob.RecurringId, HangfireNotificationDispatcher.Queue, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<MorningSummaryJob>(
            MorningSummaryJob.RecurringId, HangfireNotificationDispatcher.Queue, job => job.RunAsync(CancellationToken.None), "*/15 * * * *");

        var writable = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobsOptions>>().Value.DashboardWritable;
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new OperatorsOnly()],
            IsReadOnlyFunc = _ => !writable,
            DashboardTitle = "CodRocket Stock jobs",
            AppPath = "/",
        });

        app.LogNotificationMode();
    }

    /// <summary>
    /// Platform operators only: accounts the command line flagged in the database (the cookie's claim is re-read from
    /// it every couple of minutes). Merchants never see the job dashboard, whatever their role or e-mail.
    /// </summary>
    private sealed class OperatorsOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            return StoreClaims.TryRead(user, out _, out _) && user.HasClaim(StoreClaims.Operator, "true");
        }
    }
}
