using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Notifications;

public enum AttemptOutcome
{
    Sent,
    /// <summary>Failed; the row went back to the queue with a backoff.</summary>
    Retrying,
    /// <summary>Failed for good (a permanent error, or the last attempt).</summary>
    Failed,
    /// <summary>Written to the log: no sender is configured.</summary>
    Logged,
}

/// <summary>
/// A message as it went out (or was tried): subject and text body for e-mail, the text for SMS. One per attempt and
/// recipient, shared by every outbox row it carried (a digest). A body holding a personal link (an invitation's or a
/// confirmation's token) is not kept; an alert e-mail's unsubscribe link is kept as a placeholder.
/// </summary>
public sealed class NotificationMessage : ITenantOwned
{
    public const int SubjectMaxLength = 300;

    private NotificationMessage() { }

    public Guid TenantId { get; private set; }
    public Guid Id { get; private set; }
    public NotificationChannel Channel { get; private set; }
    public string Recipient { get; private set; } = "";
    public string? Subject { get; private set; }
    public string? Body { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>One attempt to deliver one outbox row: when, how it ended, why it failed (classified and raw).</summary>
public sealed class NotificationAttempt : ITenantOwned
{
    private NotificationAttempt() { }

    public Guid TenantId { get; private set; }
    public Guid Id { get; private set; }
    public Guid NotificationId { get; private set; }
    public Guid? MessageId { get; private set; }
    public DateTimeOffset AttemptedAt { get; private set; }
    public AttemptOutcome Outcome { get; private set; }
    public FailureReason? Failure { get; private set; }
    public string? Error { get; private set; }
}
