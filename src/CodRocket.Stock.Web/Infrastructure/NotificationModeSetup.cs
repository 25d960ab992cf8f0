using CodRocket.Stock.Notifications;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>
/// Which nodes may write notifications to the log instead of sending them. Delivery jobs run wherever a job server
/// picks them up, so in Production a node without an e-mail sender refuses to start unless log-only delivery is
/// asked for explicitly (<c>Notifications__Mode=LogOnly</c>).
/// </summary>
public static class NotificationModeSetup
{
    public const string MissingSender =
        "No e-mail sender: set Smtp__Host (see README, Configuration), or Notifications__Mode=LogOnly to write alert e-mails "
        + "to the log instead of sending them. In Production a node without a sender would swallow the cluster's alerts.";

    public static void AddNotificationMode(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        var production = builder.Environment.IsProduction();
        builder.Services.AddOptions<NotificationModeOptions>()
            .BindConfiguration(NotificationModeOptions.Section)
            .PostConfigure(o => o.Mode ??= development ? NotificationMode.LogOnly : NotificationMode.Send)
            .Validate<IEmailSender>((o, email) => !production || o.LogsUnsent || email.IsConfigured, MissingSender)
            .ValidateOnStart();
    }

    /// <summary>Says at start what happens to notifications this node cannot send.</summary>
    public static void LogNotificationMode(this WebApplication app)
    {
        var logsUnsent = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationModeOptions>>().Value.LogsUnsent;
        if (!app.Services.GetRequiredService<IEmailSender>().IsConfigured)
        {
            app.Logger.LogWarning(logsUnsent
                ? "No SMTP server configured (Smtp__Host) and Notifications__Mode=LogOnly: alert e-mails are written to the log, not sent"
                : "No SMTP server configured (Smtp__Host): this node leaves alert e-mails to a node that has one");
        }
        if (!app.Services.GetRequiredService<ISmsSender>().IsConfigured)
        {
            app.Logger.LogWarning(logsUnsent
                ? "No Twilio account configured (Twilio__AccountSid, Twilio__AuthToken, Twilio__From) and Notifications__Mode=LogOnly: alert SMS are written to the log, not sent"
                : "No Twilio account configured (Twilio__AccountSid, Twilio__AuthToken, Twilio__From): this node leaves alert SMS to a node that has one");
        }
    }
}
