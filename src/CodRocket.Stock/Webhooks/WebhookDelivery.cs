using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Webhooks;

public enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its first attempt, or for a retry after <see cref="WebhookDelivery.NextAttemptAt"/>.</summary>
    Pending,
    /// <summary>Claimed by a delivery job; back to Pending if that job died (the sweep).</summary>
    Sending,
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,
    /// <summary>Gave up after <see cref="WebhookDelivery.RetryFor"/> of failures (the endpoint was turned off).</summary>
    Failed,
}

/// <summary>
/// One event for one endpoint: the webhook outbox row, written in the transaction of the change it reports and
/// delivered by <see cref="DeliverWebhooksJob"/> at least once. Its <see cref="MessageId"/> is the <c>webhook-id</c>
/// a receiver deduplicates on: the same for every retry and for a replay. The row keeps what the log shows: the
/// body as sent, and the last attempt's answer, time and duration.
/// </summary>
public sealed class WebhookDelivery : ITenantOwned
{
    public const int ErrorMaxLength = 1000;
    public static readonly TimeSpan RetryFor = TimeSpan.FromHours(24);
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(5);

    // Standard Webhooks' suggested schedule, cut at 24 h: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h ...
    private static readonly TimeSpan[] Schedule =
        [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10)];

    private WebhookDelivery() { }

    /// <summary>A second delivery of <paramref name="original"/> (a replay from the log): same message id and body.</summary>
    public WebhookDelivery(WebhookDelivery original, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        EndpointId = original.EndpointId;
        MessageId = original.MessageId;
        EventType = original.EventType;
        Payload = original.Payload;
        CreatedAt = now;
    }

    /// <summary>A test event to one endpoint (Settings → Webhooks, "Send test event").</summary>
    public static WebhookDelivery Test(Guid endpointId, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        return new WebhookDelivery
        {
            Id = id,
            EndpointId = endpointId,
            MessageId = MessageIdOf(id),
            EventType = WebhookEventTypes.Test,
            Payload = WebhookEvent.Envelope(WebhookEventTypes.Test, now, """{"message":"This is a test event from CodRocket Stock."}"""),
            CreatedAt = now,
        };
    }

    public Guid TenantId { get; private set; }
    public Guid Id { get; private set; }
    public Guid EndpointId { get; private set; }
    public string MessageId { get; private set; } = "";
    public string EventType { get; private set; } = "";
    /// <summary>The request body, exactly as signed and sent.</summary>
    public string Payload { get; private set; } = "";
    public WebhookDeliveryStatus Status { get; private set; } = WebhookDeliveryStatus.Pending;
    public int Attempts { get; private set; }
    public DateTimeOffset? NextAttemptAt { get; private set; }
    public DateTimeOffset? ClaimExpiresAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? LastAttemptAt { get; private set; }
    public int? ResponseStatus { get; private set; }
    public int? DurationMs { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }

    public static string MessageIdOf(Guid id) => "msg_" + id.ToString("N");

    /// <summary>When to try again after a failed attempt, or null when <see cref="RetryFor"/> is spent.</summary>
    public static DateTimeOffset? NextAttempt(DateTimeOffset createdAt, int attempts, DateTimeOffset now)
    {
        var deadline = createdAt + RetryFor;
        if (now >= deadline)
        {
            return null;
        }
        var next = now + Schedule[Math.Clamp(attempts - 1, 0, Schedule.Length - 1)];
        return next < deadline ? next : deadline;
    }
}
