using System.Text.RegularExpressions;
using CodRocket.Stock.Api;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Catalog.Csv;
using CodRocket.Stock.Data;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Operations;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CodRocket.Stock;

public static partial class StockServiceCollectionExtensions
{
    public const string ConnectionStringName = "Stock";

    /// <summary>Registers the domain: the database, the tenant context and the stock services.</summary>
    public static IServiceCollection AddStock(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set (environment: ConnectionStrings__{ConnectionStringName}).");
        }

        connectionString = Tuned(connectionString);
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<ITenantContext, TenantContext>();
        // The app's connections act as the row-level-security role for the scope's store (see RowLevelSecurity).
        services.AddPooledDbContextFactory<StockDbContext>(options => UseStockDatabase(options, connectionString)
            .AddInterceptors(new TenantStampInterceptor(), new RowLevelSecurityInterceptor()));
        services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<StockDbContext>>()
            .CreateDbContext()
            .ForTenant(provider.GetRequiredService<ITenantContext>()));
        services.AddScoped<StockWorkFactory>();
        services.AddScoped<MovementTargets>();
        services.AddScoped<ApiKeyLookup>();
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<MovementTargetCache>();
        services.AddScoped<IBackorderQueue, OrderBackorderQueue>();
        services.AddScoped<OrderService>();
        services.AddScoped<BulkProductChange>();
        services.AddScoped<ProductImport>();
        services.AddScoped<ChangeRevert>();
        services.AddScoped<ProductCsvExport>();
        services.AddScoped<StockForecasts>();
        services.AddScoped<StockReport>();

        services.AddOptions<OrderOptions>().BindConfiguration(OrderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TwilioOptions>().BindConfiguration(TwilioOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IEmailSender, MailKitEmailSender>();
        services.AddSingleton<TwilioSmsSender>();
        services.AddSingleton<ISmsSender>(provider => provider.GetRequiredService<TwilioSmsSender>());
        services.AddSingleton<IWhatsAppSender>(provider => provider.GetRequiredService<TwilioSmsSender>());
        services.AddSingleton<INotificationDispatcher, HangfireNotificationDispatcher>();
        services.AddScoped<NotificationOutbox>();
        services.AddScoped<NotificationComposer>();
        services.AddScoped<NotificationSenders>();
        services.AddScoped<DeliverNotificationsJob>();
        services.AddScoped<SweepNotificationsJob>();
        services.AddSingleton<UnsubscribeTokens>();
        services.AddScoped<IAlertOutlook, AlertOutlook>();
        services.AddScoped<IMorningSummarySource, MorningSummarySource>();
        services.AddScoped<MorningSummaryJob>();
        services.AddScoped<IdempotencyStore>();
        services.AddScoped<RateLimitBuckets>();
        services.AddScoped<OutboxBacklog>();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section);
        services.AddSingleton<WebhookUrlPolicy>();
        services.AddSingleton<IWebhookDispatcher, HangfireWebhookDispatcher>();
        services.AddScoped<WebhookEvents>();
        services.AddScoped<WebhookOutbox>();
        services.AddScoped<DeliverWebhooksJob>();
        services.AddScoped<SweepWebhooksJob>();
        services.AddScoped<WebhookService>();
        return services;
    }

    /// <summary>
    /// A context for migrations: it connects as the connection string's user (the owner of the schema) on a
    /// connection of its own, outside the pool (a pooled connection may still act as the app's role), and never
    /// switches role. Not for store work: it has no tenant, no filter value and no write guard.
    /// </summary>
    public static StockDbContext CreateOwnerContext(IConfiguration configuration)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(ConnectionStringName)) { Pooling = false }.ConnectionString;
        var options = new DbContextOptionsBuilder<StockDbContext>();
        UseStockDatabase(options, connectionString);
        return new StockDbContext(options.Options);
    }

    private static DbContextOptionsBuilder UseStockDatabase(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    /// <summary>
    /// Defaults for a busy OLTP service unless the connection string says otherwise: the stock statements run
    /// thousands of times a minute, so Npgsql prepares them once per connection (the server then skips parsing
    /// and planning), a pooled connection is not reset with DISCARD ALL (the app keeps no session state), and the
    /// server does not JIT-compile them.
    /// </summary>
    [GeneratedRegex(@"(^|;)\s*(Timeout|Connect\s*Timeout|Connection\s*Timeout)\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConnectTimeoutSet();

    internal static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 3;
        }
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }
        if (string.IsNullOrEmpty(builder.Options))
        {
            // No JIT: its threshold is a plan cost, which a set-based evaluation of 10,000 products passes; compiling
            // then took 45-55 ms of a 220 ms statement (auto_explain, bench/README.md) and never paid back on these
            // short statements.
            builder.Options = "-c jit=off";
        }
        if (!ConnectTimeoutSet().IsMatch(connectionString))
        {
            // Npgsql waits 15 s for a connection by default: a partitioned database would hold every request that long.
            builder.Timeout = 5;
        }
        return builder.ConnectionString;
    }
}
