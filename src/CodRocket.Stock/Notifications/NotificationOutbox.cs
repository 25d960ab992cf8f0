using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodRocket.Stock.Notifications;

/// <summary>A claimed outbox row, ready to compose.</summary>
public sealed record ClaimedNotification(Guid Id, NotificationKind Kind, Guid? AlertId, Guid? UserId, string Recipient, int Attempts);

/// <summary>What one send carried, as the delivery log keeps it: <paramref name="Body"/> is the text body (or the SMS),
/// null when it held a personal link that must not be kept.</summary>
public sealed record SentMessage(NotificationChannel Channel, string Recipient, string? Subject, string? Body, IReadOnlyList<Guid> NotificationIds);

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
    /// them again nor splits a recipient's digest. The claim expires after <see cref="Notification.ClaimTimeout"/>:
    /// a job killed mid-way leaves rows the sweep puts back in the queue.
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
            UPDATE notifications n SET status = 'Sending', attempts = n.attempts + 1, claimed_at = $3, claim_expires_at = $5
            FROM picked WHERE n.tenant_id = $1 AND n.id = picked.id
            RETURNING n.id, n.kind, n.alert_id, n.user_id, n.recipient, n.attempts
            """,
            ct, channel.ToString(), clock.GetUtcNow(), recipients, clock.GetUtcNow() + Notification.ClaimTimeout);

    /// <summary>Sent: the rows are done for good; the message and the attempt are recorded with them.</summary>
    public Task MarkSentAsync(SentMessage message, CancellationToken ct) => RecordAsync(message, AttemptOutcome.Sent, null, null, ct);

    /// <summary>Logged instead of sent: no SMTP server or Twilio account is configured.</summary>
    public Task MarkLoggedAsync(SentMessage message, string note, CancellationToken ct) => RecordAsync(message, AttemptOutcome.Logged, null, note, ct);

    /// <summary>
    /// A failed attempt: a permanent failure fails the rows at once; a transient one puts them back to Pending after a
    /// backoff (1, 2, 4, 8, 16 min), or fails them after the last attempt.
    /// </summary>
    public Task FailAsync(SentMessage message, DeliveryFailure failure, CancellationToken ct) =>
        RecordAsync(message, failure.Permanent ? AttemptOutcome.Failed : AttemptOutcome.Retrying, failure, null, ct);

    /// <summary>
    /// One statement per outcome, whatever the number of rows a digest carried: the message as composed, the rows'
    /// new state (only rows this delivery still holds), and one attempt per row it updated. Deliberately not
    /// cancelled: a message that went out must be recorded even when the job is stopping.
    /// </summary>
    private Task RecordAsync(SentMessage message, AttemptOutcome outcome, DeliveryFailure? failure, string? note, CancellationToken ct)
    {
        var (status, nextAttempt) = outcome switch
        {
            AttemptOutcome.Sent => ("'Sent'", "NULL"),
            AttemptOutcome.Logged => ("'Logged'", "NULL"),
            AttemptOutcome.Failed => ("'Failed'", "NULL"),
            _ => ($"CASE WHEN n.attempts >= {Notification.MaxAttempts} THEN 'Failed' ELSE 'Pending' END",
                  $"CASE WHEN n.attempts >= {Notification.MaxAttempts} THEN NULL ELSE $3 + interval '1 minute' * power(2, n.attempts - 1) END"),
        };
        var done = outcome is AttemptOutcome.Sent or AttemptOutcome.Logged ? "$3" : "NULL";
        var subject = message.Subject is { Length: > NotificationMessage.SubjectMaxLength } tooLong ? tooLong[..NotificationMessage.SubjectMaxLength] : message.Subject;
        return ExecuteAsync(
            $"""
            WITH message AS (
                INSERT INTO notification_messages (tenant_id, id, channel, recipient, subject, body, created_at)
                VALUES ($1, $4, $5, $6, $7, $8, $3)),
            updated AS (
                UPDATE notifications n SET
                    status = {status},
                    next_attempt_at = {nextAttempt},
                    sent_at = {done},
                    claim_expires_at = NULL,
                    message_id = $4,
                    last_error = COALESCE($10, $11, n.last_error),
                    failure = COALESCE($9, n.failure)
                WHERE n.tenant_id = $1 AND n.id = ANY($2) AND n.status = 'Sending'
                RETURNING n.id, n.status)
            INSERT INTO notification_attempts (tenant_id, id, notification_id, message_id, attempted_at, outcome, failure, error)
            SELECT $1, gen_random_uuid(), u.id, $4, $3,
                   CASE WHEN u.status = 'Failed' AND $12 = 'Retrying' THEN 'Failed' ELSE $12 END, $9, $10
            FROM updated u
            """,
            ct, message.NotificationIds.ToArray(), clock.GetUtcNow(), Guid.CreateVersion7(clock.GetUtcNow()), message.Channel.ToString(),
            message.Recipient, Sql.Text(subject), Sql.Text(message.Body), Sql.Text(failure?.Reason.ToString()), Sql.Text(failure?.Error),
            Sql.Text(note), outcome.ToString());
    }

    /// <summary>
    /// Puts failed rows back in the queue — <paramref name="ids"/>, or every failed row created since
    /// <paramref name="since"/> — for a fresh round of attempts. A conditional UPDATE: a second click (or a second
    /// node) finds them no longer failed, so each is delivered once. Returns how many were queued again.
    /// </summary>
    public Task<int> RetryFailedAsync(IReadOnlyCollection<Guid>? ids, DateTimeOffset? since, CancellationToken ct)
    {
        var failed = db.Notifications.Where(n => n.Status == NotificationStatus.Failed);
        if (ids is not null)
        {
            failed = failed.Where(n => ids.Contains(n.Id));
        }
        if (since is { } from)
        {
            failed = failed.Where(n => n.CreatedAt >= from);
        }
        return failed.ExecuteUpdateAsync(s => s
            .SetProperty(n => n.Status, NotificationStatus.Pending)
            .SetProperty(n => n.Attempts, 0)
            .SetProperty(n => n.NextAttemptAt, (DateTimeOffset?)null), ct);
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
