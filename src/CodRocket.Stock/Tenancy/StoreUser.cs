using Microsoft.AspNetCore.Identity;

namespace CodRocket.Stock.Tenancy;

/// <summary>
/// A person who signs in. Belongs to exactly one store; the e-mail (user name) is unique across the platform
/// so sign-in needs no store picker.
/// </summary>
public sealed class StoreUser : IdentityUser<Guid>, ITenantOwned
{
    public const int FullNameMaxLength = 120;
    /// <summary>ASP.NET Core Identity's own column length for e-mail addresses and user names.</summary>
    public const int EmailMaxLength = 256;
    /// <summary>A mobile number as typed (spaces, dots, a leading +), before it is normalized.</summary>
    public const int PhoneAsTypedMaxLength = 32;

    private StoreUser() { }

    public StoreUser(Guid tenantId, string email, string fullName, StoreRole role, DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        TenantId = tenantId;
        Email = email.Trim();
        UserName = Email;
        FullName = fullName.Trim();
        Role = role;
        CreatedAt = createdAt;
        EmailStockAlerts = role == StoreRole.Owner;
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    public Guid TenantId { get; private set; }
    public string FullName { get; private set; } = "";
    public StoreRole Role { get; private set; }
    public bool EmailStockAlerts { get; private set; }
    public bool SmsStockAlerts { get; private set; }
    /// <summary>Critical products' alerts by WhatsApp too, to <see cref="IdentityUser{TKey}.PhoneNumber"/>.</summary>
    public bool WhatsAppStockAlerts { get; private set; }
    /// <summary>Receives the store's morning summary e-mail (when the store sends one).</summary>
    public bool MorningSummary { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>The language the member chose (pages, e-mail, SMS); null: the store's language.</summary>
    public string? Language { get; private set; }
    /// <summary>Set when the member has signed in at least once (an invited member has not, yet).</summary>
    public DateTimeOffset? JoinedAt { get; private set; }
    /// <summary>Removed from the team: kept for the history it appears in, never notified, cannot sign in.</summary>
    public DateTimeOffset? RemovedAt { get; private set; }

    /// <summary>
    /// A platform operator, who may open the job dashboard. Only the <c>create-operator</c> command line makes one
    /// (in a store of its own), never a page: a merchant account is never an operator.
    /// </summary>
    public bool IsOperator { get; private set; }

    public bool IsActiveMember => RemovedAt is null;

    /// <summary>Made by the command line, whose user vouches for the address.</summary>
    public void MakeOperator()
    {
        IsOperator = true;
        EmailConfirmed = true;
    }

    /// <summary>The owner followed the link sent to the address, or a member accepted the invitation sent there.</summary>
    public void ConfirmEmail() => EmailConfirmed = true;

    /// <summary>Profile and alert preferences, as the team page edits them. The owner's role cannot change.</summary>
    public void UpdateMember(string fullName, string? phoneE164, StoreRole role, bool emailAlerts, bool smsAlerts, bool whatsAppAlerts, bool morningSummary)
    {
        FullName = fullName.Trim();
        PhoneNumber = string.IsNullOrWhiteSpace(phoneE164) ? null : phoneE164;
        Role = Role == StoreRole.Owner ? StoreRole.Owner : role == StoreRole.Owner ? StoreRole.Manager : role;
        EmailStockAlerts = emailAlerts;
        SmsStockAlerts = smsAlerts;
        WhatsAppStockAlerts = whatsAppAlerts;
        MorningSummary = morningSummary;
    }

    /// <summary>The one-click unsubscribe link of an alert e-mail: stock-alert e-mail off, nothing else.</summary>
    public void StopStockAlertEmail() => EmailStockAlerts = false;

    public void ChooseLanguage(string? language) =>
        Language = language is null || Languages.IsSupported(language)
            ? language
            : throw new ArgumentException($"Unsupported language {language}.", nameof(language));

    public void MarkJoined(DateTimeOffset now) => JoinedAt ??= now;

    /// <summary>
    /// Takes the member off the team. The e-mail is released (e-mails are unique across the platform) and the
    /// security stamp changes, which ends their sessions.
    /// </summary>
    public void Remove(DateTimeOffset now)
    {
        if (Role == StoreRole.Owner)
        {
            throw new InvalidOperationException("The store's owner cannot be removed.");
        }
        RemovedAt = now;
        Email = $"removed-{Id:N}@removed.invalid";
        UserName = Email;
        NormalizedEmail = Email.ToUpperInvariant();
        NormalizedUserName = NormalizedEmail;
        PasswordHash = null;
        EmailStockAlerts = false;
        SmsStockAlerts = false;
        WhatsAppStockAlerts = false;
        SecurityStamp = Guid.NewGuid().ToString("N");
    }
}
