using System.Globalization;
using CodRocket.Stock.Data;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Notifications;

/// <summary>
/// <c>retry-notifications --store ID [--since DATE]</c>: the delivery log's "Retry all failed" for ops. Puts the store's
/// failed notifications (created since the date, UTC, when given) back in the queue and enqueues their delivery, which
/// the cluster's job servers run. The same conditional UPDATE as the page: run twice, it queues nothing the second time.
/// </summary>
public static class RetryNotificationsCommand
{
    public const string Name = "retry-notifications";

    /// <returns>0 when done (prints <c>queued=N</c>), 1 for bad arguments or an unknown store.</returns>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var options = CreateStoreCommand.Parse(args);
        var problems = new List<string>();
        if (!Guid.TryParse(options.GetValueOrDefault("--store"), out var storeId))
        {
            problems.Add("--store: the store's id (create-store printed it as store_id=...).");
        }
        DateTimeOffset? since = null;
        if (options.GetValueOrDefault("--since") is { } sinceText)
        {
            if (DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                since = parsed;
            }
            else
            {
                problems.Add("--since: a date (2026-12-01) or a date and time (2026-12-01T08:00Z); failed notifications created since then.");
            }
        }
        if (problems.Count > 0)
        {
            await error.WriteLineAsync("Cannot retry notifications:");
            foreach (var problem in problems)
            {
                await error.WriteLineAsync("  " + problem);
            }
            return 1;
        }

        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(storeId, null);
        if (!await scope.ServiceProvider.GetRequiredService<StockDbContext>().Tenants.AnyAsync(t => t.Id == storeId, ct))
        {
            await error.WriteLineAsync($"Cannot retry notifications: no store {storeId}.");
            return 1;
        }
        var queued = await scope.ServiceProvider.GetRequiredService<NotificationOutbox>().RetryFailedAsync(null, since, ct);
        if (queued > 0)
        {
            scope.ServiceProvider.GetRequiredService<INotificationDispatcher>().Dispatch(storeId);
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"queued={queued}"));
        await error.WriteLineAsync(queued > 0
            ? $"{queued} failed notification(s) queued again; the job servers deliver them."
            : "No failed notification to retry.");
        return 0;
    }
}
