using CodRocket.Stock.Web.Notifications;
using CodRocket.Stock.Web.Tenancy;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>
/// The app binary's one-shot modes for ops: <c>migrate</c>, <c>seed-demo</c>, <c>create-store ...</c> (the
/// <c>--migrate</c> and <c>--create-store</c> spellings work too). Each runs and exits with 0 on success, 1 when refused,
/// 2 for a command it does not know; without a command the app serves.
/// </summary>
public static class OperatorCommands
{
    private const string Migrate = "migrate";
    private const string SeedDemo = "seed-demo";

    private const string Usage = """
        Usage: CodRocket.Stock.Web [command] [options]
          (no command)     serve the app
          migrate          apply the database migrations, then exit
          seed-demo        migrate, then create the demo store if it is absent
          create-store --name NAME --owner-email EMAIL --owner-password PASSWORD [--owner-name NAME] [--api-key-name NAME]
                           create a store and its owner (and an API key); prints store_id=... (and api_key=...)
                           The password may come from the STOCK_OWNER_PASSWORD environment variable instead.
          create-operator --email EMAIL [--name NAME]
                           create a platform operator (the job dashboard at /ops/jobs); the password comes from the
                           STOCK_OPERATOR_PASSWORD environment variable. Prints operator_id=...
          retry-notifications --store ID [--since DATE]
                           queue the store's failed notifications again (created since DATE, UTC, if given) and
                           enqueue their delivery; prints queued=N. Running it twice queues nothing twice.
        """;

    /// <summary>The command the arguments ask for, "" for an unknown one, null to serve.</summary>
    public static string? Requested(IReadOnlyList<string> args)
    {
        if (args.Contains("--migrate"))
        {
            return Migrate;
        }
        if (args.Contains(CreateStoreCommand.Flag))
        {
            return CreateStoreCommand.Name;
        }
        if (args.Count == 0 || args[0].StartsWith('-') || args[0].Contains('='))
        {
            // Host options (--urls, --environment, Key=Value configuration) are not commands.
            return null;
        }
        return args[0] is Migrate or SeedDemo or CreateStoreCommand.Name or CreateOperatorCommand.Name or RetryNotificationsCommand.Name or "help" ? args[0] : "";
    }

    public static async Task<int> RunAsync(WebApplication app, string command, string[] args)
    {
        switch (command)
        {
            case Migrate:
                await app.MigrateDatabaseAsync();
                return 0;
            case SeedDemo:
                await app.MigrateDatabaseAsync();
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
                }
                return 0;
            case CreateStoreCommand.Name:
                return await app.CreateStoreAsync(args);
            case CreateOperatorCommand.Name:
                if (app.Configuration.GetSection(AppOptions.Section).Get<AppOptions>()?.MigrateOnStartup == true)
                {
                    await app.MigrateDatabaseAsync();
                }
                return await CreateOperatorCommand.RunAsync(
                    app.Services, args, Environment.GetEnvironmentVariable, Console.Out, Console.Error, CancellationToken.None);
            case RetryNotificationsCommand.Name:
                return await RetryNotificationsCommand.RunAsync(app.Services, args, Console.Out, Console.Error, CancellationToken.None);
            case "help":
                await Console.Out.WriteLineAsync(Usage);
                return 0;
            default:
                await Console.Error.WriteLineAsync($"Unknown command '{args[0]}'.");
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }
}
