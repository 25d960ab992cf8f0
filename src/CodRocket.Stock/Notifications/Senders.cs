namespace CodRocket.Stock.Notifications;

/// <summary>
/// An e-mail ready to send, and the outbox rows it delivers. <paramref name="CarriesToken"/>: its body holds a link
/// with a token (an invitation, an address confirmation) and is never written to a log or kept.
/// <paramref name="UnsubscribeUrl"/>: the member's one-click unsubscribe address (the List-Unsubscribe header).
/// <paramref name="KeptText"/>: the text body as the delivery log keeps it (the personal unsubscribe link left out).
/// </summary>
public sealed record EmailMessage(
    string To, string Subject, string Html, string Text, IReadOnlyList<Guid> NotificationIds, bool CarriesToken = false,
    string? UnsubscribeUrl = null, string? KeptText = null)
{
    /// <summary>The message as the delivery log keeps it.</summary>
    public SentMessage Record => new(NotificationChannel.Email, To, Subject, CarriesToken ? null : KeptText ?? Text, NotificationIds);
}

public interface IEmailSender
{
    /// <summary>False without an SMTP host: messages are logged, not sent.</summary>
    bool IsConfigured { get; }

    /// <summary>One connection for many messages (a delivery job sends its whole batch through it).</summary>
    Task<IEmailSession> OpenAsync(CancellationToken ct);
}

public interface IEmailSession : IAsyncDisposable
{
    Task SendAsync(EmailMessage message, CancellationToken ct);
}

public interface ISmsSender
{
    /// <summary>False without Twilio credentials: messages are logged, not sent.</summary>
    bool IsConfigured { get; }

    Task SendAsync(string toE164, string body, CancellationToken ct);
}

/// <summary>WhatsApp messages to a phone number (an approved template carrying the text).</summary>
public interface IWhatsAppSender
{
    /// <summary>False without Twilio credentials or an approved template: messages are logged, not sent.</summary>
    bool IsConfigured { get; }

    Task SendAsync(string toE164, string text, CancellationToken ct);
}
