using CodRocket.Stock.Data;
using CodRocket.Stock.Operations;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodRocket.Stock.Notifications;

/// <summary>A claimed outbox row, ready to compose.</summary>
public sealed record ClaimedNotification(Guid Id, NotificationKind Kind, Guid? AlertId, Guid? UserId, string Recipient, int Attempts);

/// <summary>
/// The outbox's state changes, each a conditional UPDATE so that two delivery jobs running at once (a retried
/// or duplicated Hangfire job) never claim the same row, and a row marked Sent is never claimed again.
/// </summary>
public sealed class NotificationOutbox(StockDbContext db, ITenantContext tenant, TimeProvider clock)
{
    /// <summary>
    /// Claims every due row of up to <paramref name="recipients"/> recipients on a channel: all of a recipient's
    /// rows at once, so their alerts go out as one digest. Rows are locked in id order, without SKIP LOCKED: a job
    /// running at the same time waits for this claim, then finds those rows no longer pending — so it neither sends
    /// them again nor splits a recipient's digest.
    /// </summary>
    public Task<List<ClaimedNotification>> ClaimAsync(NotificationChannel channel, int recipients, CancellationToken ct) =>
        QueryAsync(
            """
            WITH chosen AS (
                SELECT DISTINCT recipient FROM notifications
                WHERE tenant_id = $1 AND channel = $2 AND status = 'Pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $3)
                ORDER BY recipient
                LIMIT $4),
            picked AS (
                SELECT n.id FROM notifications n
                JOIN chosen c ON c.recipient = n.recipient
                WHERE n.tenant_id = $1 AND n.channel = $2 AND n.status = 'Pending'
                  AND (n.next_attempt_at IS NULL OR n.next_attempt_at <= $3)
                ORDER BY n.id
                FOR UPDATE OF n)
            UPDATE notifications n SET status = 'Sending', attempts = n.attempts + 1, claimed_at = $3
            FROM picked WHERE n.tenant_id = $1 AND n.id = picked.id
            RETURNING n.id, n.kind, n.alert_id, n.user_id, n.recipient, n.attempts
            """,
            ct, channel.ToString(), clock.GetUtcNow(), recipients);

    // Deliberately not cancelled: a message that went out must be recorded even when the job is stopping.
    public Task MarkSentAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        StockMetrics.NotificationsSent.Add(ids.Count);
        return Claimed(ids).ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, NotificationStatus.Sent).SetProperty(n => n.SentAt, clock.GetUtcNow()),
            CancellationToken.None);
    }

    /// <summary>Logged instead of sent: no SMTP server or Twilio account is configured.</summary>
    public Task MarkLoggedAsync(IReadOnlyCollection<Guid> ids, string note, CancellationToken ct) =>
        Claimed(ids).ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, NotificationStatus.Logged).SetProperty(n => n.SentAt, clock.GetUtcNow())
            .SetProperty(n => n.LastError, note), CancellationToken.None);

    /// <summary>This store's rows (the tenant filter) that this delivery claimed and still holds.</summary>
    private IQueryable<Notification> Claimed(IReadOnlyCollection<Guid> ids) =>
        db.Notifications.Where(n => ids.Contains(n.Id) && n.Status == NotificationStatus.Sending);

    /// <summary>A failed attempt: back to Pending after a backoff (1, 2, 4, 8, 16 min), or Failed after the last one.</summary>
    public Task RetryLaterAsync(IReadOnlyCollection<Guid> ids, string error, CancellationToken ct)
    {
        StockMetrics.NotificationAttemptsFailed.Add(ids.Count);
        return ExecuteAsync(
            $"""
            UPDATE notifications SET
                status = CASE WHEN attempts >= {Notification.MaxAttempts} THEN 'Failed' ELSE 'Pending' END,
                next_attempt_at = CASE WHEN attempts >= {Notification.MaxAttempts} THEN NULL
                                       ELSE $3 + interval '1 minute' * power(2, attempts - 1) END,
                last_error = $4
            WHERE tenant_id = $1 AND id = ANY($2) AND status = 'Sending'
            """,
            ct, ids.ToArray(), clock.GetUtcNow(), error.Length > 1000 ? error[..1000] : error);
    }

    private async Task<List<ClaimedNotification>> QueryAsync(string sql, CancellationToken ct, params object?[] values)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(Sql.Command(sql, [tenant.RequireTenant(), .. values]));
            await using var reader = await batch.ExecuteReaderAsync(ct);
            var rows = new List<ClaimedNotification>();
            var (id, kind, alert, user, recipient, attempts) = (reader.GetOrdinal("id"), reader.GetOrdinal("kind"), reader.GetOrdinal("alert_id"),
                reader.GetOrdinal("user_id"), reader.GetOrdinal("recipient"), reader.GetOrdinal("attempts"));
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new ClaimedNotification(
                    reader.GetGuid(id),
                    Enum.Parse<NotificationKind>(reader.GetString(kind)),
                    reader.IsDBNull(alert) ? null : reader.GetGuid(alert),
                    reader.IsDBNull(user) ? null : reader.GetGuid(user),
                    reader.GetString(recipient),
                    reader.GetInt32(attempts)));
            }
            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct, params object?[] values)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // Deliberately not cancelled: a message that went out must be recorded even when the job is stopping.
            await Sql.ExecuteAsync(connection, [Sql.Command(sql, [tenant.RequireTenant(), .. values])], CancellationToken.None);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
