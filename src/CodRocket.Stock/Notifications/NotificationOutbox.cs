using CodRocket.Stock.Data;
using CodRocket.Stock.Operations;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodRocket.Stock.Notifications;

/// <summary>A claimed outbox row, ready to compose. <paramref name="InSummary"/>: one of the rows an "N more critical alerts" message stands for.</summary>
public sealed record ClaimedNotification(Guid Id, NotificationKind Kind, Guid? AlertId, Guid? UserId, string Recipient, int Attempts, bool InSummary = false);

/// <summary>What one claim took, and when the rows it held back (digest window, hourly cap) fall due.</summary>
public sealed record OutboxClaim(List<ClaimedNotification> Rows, DateTimeOffset? NextDueAt);

/// <summary>How a store paces alert messages (Settings → Notifications).</summary>
public sealed record DeliveryPacing(TimeSpan DigestWindow, int CriticalAlertsPerHour)
{
    public static readonly TimeSpan CapPeriod = TimeSpan.FromHours(1);

    public static DeliveryPacing Of(Tenant store) => new(TimeSpan.FromSeconds(store.DigestWindowSeconds), store.CriticalAlertsPerHour);
}

/// <summary>What one send carried, as the delivery log keeps it: <paramref name="Body"/> is the text body (or the SMS),
/// null when it held a personal link that must not be kept.</summary>
public sealed record SentMessage(NotificationChannel Channel, string Recipient, string? Subject, string? Body, IReadOnlyList<Guid> NotificationIds);

/// <summary>
/// The outbox's state changes, each a conditional UPDATE so that two delivery jobs running at once (a retried
/// or duplicated Hangfire job) never claim the same row, and a row marked Sent is never claimed again.
/// </summary>
public sealed class NotificationOutbox(StockDbContext db, ITenantContext tenant, TimeProvider clock)
{
    // pg_advisory_xact_lock(key1, key2): this class of lock, and the store's hash.
    private const int ClaimLockClass = 0x4E4F5449; // "NOTI"

    /// <summary>
    /// Claims the rows due now of up to <paramref name="recipients"/> recipients on a channel, in one transaction
    /// that holds the store's claim lock: two jobs (on two nodes) claim one after the other, each seeing what the
    /// other took, so a recipient's window is judged on what was really sent and no row is taken twice. First,
    /// alert rows whose alert resolved in the meantime are dropped (a flap reaches nobody).
    /// <list type="bullet">
    /// <item>E-mail: a recipient's alert rows go out when nothing was sent to them in the last digest window (the
    /// first alert after a quiet period at once), else when that window closes, all together as one digest. A retry
    /// and other kinds of mail (invitation, confirmation) are not held.</item>
    /// <item>SMS and WhatsApp: each alert at once while the member had fewer than the cap in the last hour; beyond,
    /// the rest are held while the digest window runs and then go as one "N more" message, at most one such message
    /// an hour.</item>
    /// </list>
    /// The claim expires after <see cref="Notification.ClaimTimeout"/>: a job killed mid-way leaves rows the sweep puts
    /// back in the queue.
    /// </summary>
    public async Task<OutboxClaim> ClaimAsync(NotificationChannel channel, int recipients, DeliveryPacing pacing, CancellationToken ct)
    {
        var tenantId = tenant.RequireTenant();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // One batch is one implicit transaction: the lock holds until its end, and each statement sees the
            // writes of the ones before it (and, under READ COMMITTED, whatever other claims committed meanwhile).
            await using var batch = new NpgsqlBatch(connection);
            var now = clock.GetUtcNow();
            object[] values = [tenantId, channel.ToString(), now, recipients, pacing.DigestWindow, pacing.CriticalAlertsPerHour, DeliveryPacing.CapPeriod,
                now + Notification.ClaimTimeout];
            batch.BatchCommands.Add(Sql.Command($"SELECT pg_advisory_xact_lock({ClaimLockClass}, hashtext($1::text))", tenantId));
            batch.BatchCommands.Add(Sql.Command(DropResolvedSql, tenantId, channel.ToString()));
            batch.BatchCommands.Add(Sql.Command(channel == NotificationChannel.Email ? ClaimEmailSql : ClaimCappedSql, values));
            batch.BatchCommands.Add(Sql.Command(channel == NotificationChannel.Email ? EmailDueSql : CappedDueSql, values));
            await using var reader = await batch.ExecuteReaderAsync(ct);
            await reader.NextResultAsync(ct); // the lock's empty row
            var rows = await ReadClaimedAsync(reader, ct);
            await reader.NextResultAsync(ct);
            var next = await reader.ReadAsync(ct) && !reader.IsDBNull(0) ? reader.GetFieldValue<DateTimeOffset>(0) : (DateTimeOffset?)null;
            // A due time already past belongs to rows this claim left for the next one (the recipients' limit). A claim that
            // took rows reports none (it is not computed): the caller claims again until a claim is empty.
            return new OutboxClaim(rows, next > now ? next : null);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private const string DropResolvedSql =
        """
        UPDATE notifications n SET status = 'Dropped'
        FROM stock_alerts a
        WHERE n.tenant_id = $1 AND n.channel = $2 AND n.status = 'Pending' AND n.kind = 'Alert'
          AND a.tenant_id = $1 AND a.id = n.alert_id AND a.resolved_at IS NOT NULL
        """;

    // $1 store, $2 channel, $3 now, $4 recipients, $5 digest window ($6, $7: the cap and its period, unused here), $8 the claim's expiry. The
    // last send to a recipient is the last claim of an alert row for them that went out or is going (a failed attempt
    // opens no window: a retry goes at once): one probe of ix_notifications_alert_pacing.
    // MATERIALIZED keeps each step computed once (inlined, the planner re-ran the per-recipient step for every row).
    private const string LastAlertClaim =
        """
        LEFT JOIN LATERAL (
            SELECT max(h.claimed_at) AS at FROM notifications h
            WHERE h.tenant_id = $1 AND h.channel = $2 AND h.recipient = p.recipient AND h.kind = 'Alert' AND h.claimed_at IS NOT NULL
              AND h.status IN ('Sending', 'Sent', 'Logged')) last ON true
        """;

    // Cost proportional to what the claim takes, not to the backlog: the pending rows are walked in recipient order on
    // ix_notifications_undelivered (tenant, channel, recipient), grouped as they come, each recipient's last alert
    // claim probed only when the walk reaches them, and the walk stops at the $4-th recipient with something due
    // (a streaming GroupAggregate under a Limit: no step is MATERIALIZED before the limit, which would compute it for
    // every pending recipient). Then only the chosen recipients' rows are read again, by the same index (a LATERAL probe
    // per recipient that OFFSET 0 keeps from being flattened into a join), and locked and updated by primary key
    // (= ANY of an array): no join the planner could turn into a nested loop over every pending row, as it did with a
    // freshly filled, not yet analysed table (1,000 x 500 comparisons, 450 ms a claim).
    private const string ClaimEmailSql =
        $"""
        WITH chosen AS MATERIALIZED (
            SELECT p.recipient, p.retrying OR last.at IS NULL OR last.at <= $3 - $5 AS alerts_due
            FROM (SELECT n.recipient, bool_or(n.kind = 'Alert' AND n.attempts > 0) AS retrying, bool_or(n.kind <> 'Alert') AS others
                  FROM notifications n
                  WHERE n.tenant_id = $1 AND n.channel = $2 AND n.status = 'Pending' AND (n.next_attempt_at IS NULL OR n.next_attempt_at <= $3)
                  GROUP BY n.recipient) p
            {LastAlertClaim}
            WHERE p.others OR p.retrying OR last.at IS NULL OR last.at <= $3 - $5
            ORDER BY p.recipient
            LIMIT $4),
        picked AS (
            SELECT n.id FROM notifications n
            WHERE n.tenant_id = $1 AND n.status = 'Pending' AND n.id = ANY (ARRAY(
                SELECT r.id FROM chosen c
                CROSS JOIN LATERAL (
                    SELECT r.id FROM notifications r
                    WHERE r.tenant_id = $1 AND r.channel = $2 AND r.recipient = c.recipient AND r.status = 'Pending'
                      AND (r.next_attempt_at IS NULL OR r.next_attempt_at <= $3) AND (r.kind <> 'Alert' OR c.alerts_due)
                    OFFSET 0) r))
            ORDER BY n.id
            FOR UPDATE OF n)
        UPDATE notifications n SET status = 'Sending', attempts = n.attempts + 1, claimed_at = $3, claim_expires_at = $8
        WHERE n.tenant_id = $1 AND n.id = ANY (ARRAY(SELECT id FROM picked))
        RETURNING n.id, n.kind, n.alert_id, n.user_id, n.recipient, n.attempts, n.in_summary
        """;

    /// <summary>
    /// Reads the pending rows only when the claim took nothing: a claim that took rows is followed by another one (the
    /// job loops until a claim is empty), so its due time would be thrown away. The rows this batch's claim took are
    /// 'Sending' with its own claimed_at; the test stops at the first.
    /// </summary>
    private const string NothingClaimed =
        "NOT EXISTS (SELECT 1 FROM notifications c WHERE c.tenant_id = $1 AND c.channel = $2 AND c.status = 'Sending' AND c.claimed_at = $3)";

    /// <summary>When the first held recipient's window closes (their alert rows still pending after the claim; rows
    /// waiting for a retry's backoff are the sweep's). Only after an empty claim (<see cref="NothingClaimed"/>).</summary>
    private const string EmailDueSql =
        $"""
        SELECT min(last.at) + $5 FROM (
            SELECT DISTINCT recipient FROM notifications
            WHERE tenant_id = $1 AND channel = $2 AND status = 'Pending' AND kind = 'Alert' AND (next_attempt_at IS NULL OR next_attempt_at <= $3)
              AND {NothingClaimed}) p
        {LastAlertClaim}
        """;

    // The history that paces a member's SMS (or WhatsApp): alerts sent one by one in the last hour, the last send,
    // the last "N more" message. Only the last hour is read (the window is at most an hour).
    private const string CappedHistory =
        """
        MATERIALIZED (SELECT p.recipient, h.sent, h.last_sent, h.last_summary
         FROM (SELECT DISTINCT recipient FROM {0}) p
         CROSS JOIN LATERAL (
             SELECT count(*) FILTER (WHERE NOT s.in_summary AND s.status <> 'Pending') AS sent,
                    max(s.claimed_at) AS last_sent,
                    max(s.claimed_at) FILTER (WHERE s.in_summary AND s.status <> 'Pending') AS last_summary
             FROM notifications s
             WHERE s.tenant_id = $1 AND s.channel = $2 AND s.recipient = p.recipient AND s.kind = 'Alert'
               AND s.claimed_at IS NOT NULL AND s.claimed_at > $3 - $7) h)
        """;

    private static readonly string ClaimCappedSql =
        $"""
        WITH ready AS MATERIALIZED (
            SELECT n.id, n.recipient, n.kind, row_number() OVER (PARTITION BY n.recipient ORDER BY n.created_at, n.id) AS nth
            FROM notifications n
            WHERE n.tenant_id = $1 AND n.channel = $2 AND n.status = 'Pending' AND (n.next_attempt_at IS NULL OR n.next_attempt_at <= $3)),
        history AS {string.Format(System.Globalization.CultureInfo.InvariantCulture, CappedHistory, "ready")},
        plan AS MATERIALIZED (
            SELECT r.id, r.recipient,
                   r.kind <> 'Alert' OR r.nth <= $6 - h.sent AS single,
                   (h.last_sent IS NULL OR h.last_sent <= $3 - $5) AND (h.last_summary IS NULL OR h.last_summary <= $3 - $7) AS summary_due
            FROM ready r JOIN history h ON h.recipient = r.recipient),
        chosen AS MATERIALIZED (
            SELECT DISTINCT recipient FROM plan WHERE single OR summary_due ORDER BY recipient LIMIT $4),
        picked AS (
            SELECT n.id, p.single FROM notifications n
            JOIN plan p ON p.id = n.id
            JOIN chosen c ON c.recipient = p.recipient
            WHERE n.tenant_id = $1 AND n.status = 'Pending' AND (p.single OR p.summary_due)
            ORDER BY n.id
            FOR UPDATE OF n)
        UPDATE notifications n SET status = 'Sending', attempts = n.attempts + 1, claimed_at = $3, claim_expires_at = $8, in_summary = NOT picked.single
        FROM picked WHERE n.tenant_id = $1 AND n.id = picked.id
        RETURNING n.id, n.kind, n.alert_id, n.user_id, n.recipient, n.attempts, n.in_summary
        """;

    /// <summary>When the first held member's "N more" message falls due: their window closed, and an hour after the last one.</summary>
    private static readonly string CappedDueSql =
        $"""
        WITH waiting AS (
            SELECT recipient FROM notifications
            WHERE tenant_id = $1 AND channel = $2 AND status = 'Pending' AND kind = 'Alert' AND (next_attempt_at IS NULL OR next_attempt_at <= $3)
              AND {NothingClaimed}),
        history AS {string.Format(System.Globalization.CultureInfo.InvariantCulture, CappedHistory, "waiting")}
        SELECT min(greatest(last_sent + $5, last_summary + $7)) FROM history WHERE last_sent IS NOT NULL
        """;

    private static async Task<List<ClaimedNotification>> ReadClaimedAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var rows = new List<ClaimedNotification>();
        var (id, kind, alert, user, recipient, attempts, summary) = (reader.GetOrdinal("id"), reader.GetOrdinal("kind"), reader.GetOrdinal("alert_id"),
            reader.GetOrdinal("user_id"), reader.GetOrdinal("recipient"), reader.GetOrdinal("attempts"), reader.GetOrdinal("in_summary"));
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new ClaimedNotification(
                reader.GetGuid(id),
                Enum.Parse<NotificationKind>(reader.GetString(kind)),
                reader.IsDBNull(alert) ? null : reader.GetGuid(alert),
                reader.IsDBNull(user) ? null : reader.GetGuid(user),
                reader.GetString(recipient),
                reader.GetInt32(attempts),
                reader.GetBoolean(summary)));
        }
        return rows;
    }

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
        switch (outcome)
        {
            case AttemptOutcome.Sent:
                StockMetrics.NotificationsSent.Add(message.NotificationIds.Count);
                break;
            case AttemptOutcome.Failed or AttemptOutcome.Retrying:
                StockMetrics.NotificationAttemptsFailed.Add(message.NotificationIds.Count);
                break;
        }
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
