using System.ComponentModel.DataAnnotations;

namespace CodRocket.Stock.Notifications;

public enum SmtpSecurity
{
    /// <summary>TLS when the server offers it.</summary>
    Auto,
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>The "Smtp" section (environment: Smtp__Host, ...). No host: e-mail is logged instead of sent.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>"Name &lt;address&gt;" or an address.</summary>
    [Required]
    public string From { get; set; } = "CodRocket Stock <alerts@codrocket.local>";

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>The "Twilio" section. No account: SMS is logged instead of sent.</summary>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    public string? AccountSid { get; set; }

    public string? AuthToken { get; set; }

    /// <summary>The sender number (E.164), unless a messaging service is used.</summary>
    public string? From { get; set; }

    public string? MessagingServiceSid { get; set; }

    /// <summary>The WhatsApp-enabled sender number (E.164, without "whatsapp:"); none: <see cref="From"/>.</summary>
    public string? WhatsAppFrom { get; set; }

    /// <summary>
    /// The approved WhatsApp template for alerts: its Content SID (HX…) in Twilio's Content Template Builder, with one
    /// variable {{1}} that receives the alert's text. WhatsApp refuses free text to someone who has not written first,
    /// so without a template WhatsApp messages are logged, not sent.
    /// </summary>
    public string? WhatsAppTemplate { get; set; }

    /// <summary>Another address for Twilio's REST API (tests point it at a local endpoint).</summary>
    [Url]
    public string? ApiBaseUrl { get; set; }

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(AccountSid) && !string.IsNullOrWhiteSpace(AuthToken)
        && (!string.IsNullOrWhiteSpace(From) || !string.IsNullOrWhiteSpace(MessagingServiceSid));

    public bool IsWhatsAppConfigured =>
        IsConfigured && !string.IsNullOrWhiteSpace(WhatsAppTemplate)
        && (!string.IsNullOrWhiteSpace(WhatsAppSender) || !string.IsNullOrWhiteSpace(MessagingServiceSid));

    /// <summary>The number WhatsApp messages come from: <see cref="WhatsAppFrom"/>, else <see cref="From"/>.</summary>
    public string? WhatsAppSender => string.IsNullOrWhiteSpace(WhatsAppFrom) ? From : WhatsAppFrom;
}
