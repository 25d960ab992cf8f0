namespace CodRocket.Stock.Notifications;

/// <summary>What a node does with a notification on a channel it has no sender for (no SMTP host, no Twilio account).</summary>
public enum NotificationMode
{
    /// <summary>
    /// Leave it pending for a node that has a sender. Delivery jobs run on whichever node's job server picks them up,
    /// so a sender's configuration is the cluster's: a node that marked such rows "logged" would swallow the
    /// cluster's alerts. The default outside Development.
    /// </summary>
    Send,

    /// <summary>Write it to the log and mark the row "logged". For Development and demos; set explicitly anywhere else.</summary>
    LogOnly,
}

/// <summary>The "Notifications" section's delivery mode (environment: <c>Notifications__Mode</c>).</summary>
public sealed class NotificationModeOptions
{
    public const string Section = "Notifications";

    /// <summary>Unset: <see cref="NotificationMode.LogOnly"/> in Development, <see cref="NotificationMode.Send"/> elsewhere.</summary>
    public NotificationMode? Mode { get; set; }

    public bool LogsUnsent => Mode == NotificationMode.LogOnly;
}
