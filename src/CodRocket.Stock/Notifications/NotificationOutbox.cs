using CodRocket.Stock.Data;
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

    public Task MarkSentAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        ExecuteAsync("UPDATE notifications SET status = 'Sent', sent_at = $3 WHERE tenant_id = $1 AND id = ANY($2) AND status = 'Sending'",
            ct, ids.ToArray(), clock.GetUtcNow());

    /// <summary>Logged instead of sent: no SMTP server or Twilio account is configured.</summary>
    public Task MarkLoggedAsync(IReadOnlyCollection<Guid> ids, string note, CancellationToken ct) =>
        ExecuteAsync("UPDATE notifications SET status = 'Logged', sent_at = $3, last_error = $4 WHERE tenant_id = $1 AND id = ANY($2) AND status = 'Sending'",
            ct, ids.ToArray(), clock.GetUtcNow(), note);

    /// <summary>A failed attempt: back to Pending after a backoff (1, 2, 4, 8, 16 min), or Failed after the last one.</summary>
    public Task RetryLaterAsync(IReadOnlyCollection<Guid> ids, string error, CancellationToken ct) =>
        ExecuteAsync(
            $"""
            UPDATE notifications SET
                status = CASE WHEN attempts >= {Notification.MaxAttempts} THEN 'Failed' ELSE 'Pending' END,
                next_attempt_at = CASE WHEN attempts >= {Notification.MaxAttempts} THEN NULL
                                       ELSE $3 + interval '1 minute' * power(2, attempts - 1) END,
                last_error = $4
            WHERE tenant_id = $1 AND id = ANY($2) AND status = 'Sending'
            """,
            ct, ids.ToArray(), clock.GetUtcNow(), error.Length > 1000 ? error[..1000] : error);

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
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new ClaimedNotification(
                    reader.GetGuid(0),
                    Enum.Parse<NotificationKind>(reader.GetString(1)),
                    reader.IsDBNull(2) ? null : reader.GetGuid(2),
                    reader.IsDBNull(3) ? null : reader.GetGuid(3),
                    reader.GetString(4),
                    reader.GetInt32(5)));
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
