using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CodRocket.Stock.Notifications;

/// <summary>
/// Every minute, across stores: rows claimed by a job that died go back to Pending, and every store with
/// something due (new rows whose enqueue was lost, retries whose backoff ended) gets a delivery job. Nothing
/// committed to the outbox is lost to a crash or an outage; at worst it waits a minute.
/// </summary>
public sealed class SweepNotificationsJob(
    StockDbContext db, ITenantContext tenant, INotificationDispatcher dispatcher, TimeProvider clock, ILogger<SweepNotificationsJob> logger)
{
    public const string RecurringId = "sweep-notifications";
    public static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(10);

    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var stores = new List<Guid>();
        // A platform job: it reads every store's outbox on purpose, through the partial index of undelivered rows.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        using var crossStore = tenant.CrossStore("the notification sweep reads every store's outbox");
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(Sql.Command(
                "UPDATE notifications SET status = 'Pending' WHERE status = 'Sending' AND claimed_at < $1",
                now - StaleClaim));
            batch.BatchCommands.Add(Sql.Command(
                "SELECT DISTINCT tenant_id FROM notifications WHERE status = 'Pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $1)",
                now));
            await using var reader = await batch.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                stores.Add(reader.GetGuid(0));
            }
            if (batch.BatchCommands[0].RecordsAffected > 0)
            {
                logger.LogWarning("{Count} notifications claimed by a delivery that never finished are queued again", batch.BatchCommands[0].RecordsAffected);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        foreach (var store in stores)
        {
            dispatcher.Dispatch(store);
        }
    }
}
