using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Notifications;

public enum NotificationKind
{
    /// <summary>A stock alert opened or escalated.</summary>
    Alert,
    /// <summary>A new team member's invitation to set a password.</summary>
    Invitation,
    /// <summary>A test sent from Settings → Notifications.</summary>
    Test,
    /// <summary>A new owner's link to confirm their e-mail address (alert e-mail waits for it).</summary>
    Confirmation,
    /// <summary>The store's morning summary to a member who asked for it.</summary>
    MorningSummary,
    /// <summary>To the owner: a member who left the team (or became Staff) took their API keys with them.</summary>
    KeysRevoked,
    /// <summary>To the owner: a webhook endpoint was turned off after 24 h of failed deliveries.</summary>
    WebhookDisabled,
}

public enum NotificationChannel
{
    Email,
    Sms,
    /// <summary>Through Twilio's WhatsApp sender, with an approved template (critical products, like SMS).</summary>
    WhatsApp,
}

public enum NotificationStatus
{
    /// <summary>Waiting for delivery (first attempt, or a retry after <see cref="Notification.NextAttemptAt"/>).</summary>
    Pending,
    /// <summary>Claimed by a delivery job; back to Pending if that job died (see the sweep).</summary>
    Sending,
    Sent,
    /// <summary>Gave up: after the last attempt, or at once on a permanent error; <see cref="Notification.Failure"/> says why.</summary>
    Failed,
    /// <summary>No SMTP server or Twilio account is configured: written to the log instead of sent.</summary>
    Logged,
    /// <summary>Not sent: its alert resolved before it went out (a flap within the digest window reaches nobody).</summary>
    Dropped,
}

/// <summary>
/// One message to one recipient on one channel: the outbox row. Alert notifications are written in the same
/// transaction as the stock change that opened the alert; delivery jobs claim and send them (at least once, and a
/// row marked Sent is never sent again).
/// </summary>
public sealed class Notification : ITenantOwned
{
    public const int MaxAttempts = 6;

    /// <summary>
    /// How long a delivery job may hold a claimed row. Past it the claim has expired: the sweep puts the row back in the
    /// queue (the job died, or its node was killed). A batch of 100 digests takes seconds, so ten minutes is far from a
    /// live job's reach.
    /// </summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(10);

    private Notification() { }

    public Notification(NotificationKind kind, NotificationChannel channel, Guid? userId, string recipient, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        Kind = kind;
        Channel = channel;
        UserId = userId;
        Recipient = recipient;
        CreatedAt = now;
    }

    public Guid TenantId { get; private set; }
    public Guid Id { get; private set; }
    public NotificationKind Kind { get; private set; }
    public NotificationChannel Channel { get; private set; }
    public Guid? AlertId { get; private set; }
    public Guid? UserId { get; private set; }
    /// <summary>The e-mail address or E.164 phone number at the time the row was written.</summary>
    public string Recipient { get; private set; } = "";
    public NotificationStatus Status { get; private set; } = NotificationStatus.Pending;
    public int Attempts { get; private set; }
    public DateTimeOffset? NextAttemptAt { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset? ClaimedAt { get; private set; }
    /// <summary>When the current claim lapses (see <see cref="ClaimTimeout"/>); null unless <see cref="NotificationStatus.Sending"/>.</summary>
    public DateTimeOffset? ClaimExpiresAt { get; private set; }
    /// <summary>The last failure's classified reason (the merchant's words); <see cref="LastError"/> keeps the raw error for ops.</summary>
    public FailureReason? Failure { get; private set; }
    /// <summary>The message (as composed and sent) of the last attempt: several rows share one for a digest.</summary>
    public Guid? MessageId { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>
    /// Sent inside one "N more critical alerts" message rather than on its own: the member's SMS or WhatsApp
    /// alerts had reached the store's hourly cap.
    /// </summary>
    public bool InSummary { get; private set; }
    /// <summary>The member the message is about (whose API keys were revoked), when it is not the recipient.</summary>
    public Guid? AboutUserId { get; private set; }
    /// <summary>The webhook endpoint the message is about (turned off after failing for 24 h).</summary>
    public Guid? AboutWebhookEndpointId { get; private set; }

    /// <summary>
    /// Tells the owner that <paramref name="memberId"/>'s API keys were revoked at <paramref name="now"/> (they left the
    /// team or became Staff) by someone else: integrations stop working, and the owner should know why.
    /// </summary>
    public static Notification KeysRevoked(Guid ownerId, string ownerEmail, Guid memberId, DateTimeOffset now) =>
        new(NotificationKind.KeysRevoked, NotificationChannel.Email, ownerId, ownerEmail, now) { AboutUserId = memberId };

    /// <summary>Tells the owner that delivery gave up on a webhook endpoint and turned it off.</summary>
    public static Notification WebhookDisabled(Guid ownerId, string ownerEmail, Guid endpointId, DateTimeOffset now) =>
        new(NotificationKind.WebhookDisabled, NotificationChannel.Email, ownerId, ownerEmail, now) { AboutWebhookEndpointId = endpointId };

    /// <summary>Records a send made on the spot (the test buttons), outside the delivery jobs.</summary>
    public void RecordImmediate(NotificationStatus status, DeliveryFailure? failure, string? note, DateTimeOffset now)
    {
        Status = status;
        Attempts = 1;
        LastError = failure?.Error ?? note;
        Failure = failure?.Reason;
        SentAt = status is NotificationStatus.Sent or NotificationStatus.Logged ? now : null;
    }

    /// <summary>Wait before attempt n+1: 1, 2, 4, 8, 16 minutes.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Pow(2, Math.Max(0, attempts - 1)));
}
