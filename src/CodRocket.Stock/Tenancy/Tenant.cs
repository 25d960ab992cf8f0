using CodRocket.Stock.Catalog;

namespace CodRocket.Stock.Tenancy;

/// <summary>A store: the tenant. Holds the defaults its products inherit.</summary>
public sealed class Tenant
{
    public const int DefaultVelocityWindowDays = 30;
    public const int MinVelocityWindowDays = 7;
    public const int MaxVelocityWindowDays = 365;
    public const int NameMaxLength = 120;
    public const int TimeZoneMaxLength = 64;
    public const int DefaultDigestWindowSeconds = 120;
    public const int MaxDigestWindowSeconds = 3600;
    public const int DefaultCriticalAlertsPerHour = 10;
    public const int MaxCriticalAlertsPerHour = 100;

    private Tenant() { }

    public Tenant(string name, DateTimeOffset createdAt, string language = Languages.Default, string? country = null, string? timeZone = null)
    {
        Id = Guid.CreateVersion7();
        Name = name.Trim();
        CreatedAt = createdAt;
        Language = Languages.IsSupported(language) ? language : Languages.Default;
        Country = Countries.IsSupported(country) ? country : null;
        TimeZone = TimeZones.IsSupported(timeZone) ? timeZone : TimeZones.Default;
        Currency = Currencies.OfCountry(Country) ?? Currencies.Default;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public int? DefaultLowStockThreshold { get; private set; }
    public OutOfStockPolicy DefaultOutOfStockPolicy { get; private set; } = OutOfStockPolicy.Block;
    public int VelocityWindowDays { get; private set; } = DefaultVelocityWindowDays;
    public string TimeZone { get; private set; } = TimeZones.Default;
    public string Language { get; private set; } = Languages.Default;
    /// <summary>Where the store sells (ISO 3166), for its customers' local phone numbers; null: the app's default (<c>Orders:DefaultPhoneRegion</c>).</summary>
    public string? Country { get; private set; }
    /// <summary>What the store sells in (ISO 4217): its product prices and the amounts its couriers collect.</summary>
    public string Currency { get; private set; } = Currencies.Default;
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>The local hour (0-23, store time zone) of the morning summary e-mail; null: no summary (the default).</summary>
    public int? MorningSummaryHour { get; private set; }
    /// <summary>The store day the last morning summary went out: claimed by one node with a conditional UPDATE.</summary>
    public DateOnly? MorningSummarySentOn { get; private set; }

    /// <summary>Settings → Notifications: the morning summary's hour, or null to stop it.</summary>
    public void ScheduleMorningSummary(int? localHour) =>
        MorningSummaryHour = localHour is null or (>= 0 and <= 23)
            ? localHour
            : throw new ArgumentOutOfRangeException(nameof(localHour), localHour, "An hour of the day, 0 to 23.");

    /// <summary>
    /// When the dashboard's first-run checklist went away for good: dismissed by an owner or manager, or every step
    /// done. Null: a new store, which sees it. Stores that existed before the checklist were closed by its migration.
    /// </summary>
    /// <remarks>Set by <c>Onboarding.FirstRunChecklist.CloseAsync</c> only.</remarks>
    public DateTimeOffset? FirstRunClosedAt { get; private set; }

    /// <summary>
    /// Alert e-mail pacing per recipient: the first alert after a quiet period goes at once, the ones that open
    /// within this many seconds of it wait and go out together when the window closes. 0: every alert at once.
    /// </summary>
    public int DigestWindowSeconds { get; private set; } = DefaultDigestWindowSeconds;

    /// <summary>Alert SMS (and WhatsApp messages) a member receives one by one in an hour; beyond, one "N more" message.</summary>
    public int CriticalAlertsPerHour { get; private set; } = DefaultCriticalAlertsPerHour;

    public void UpdateSettings(StoreSettings settings)
    {
        Name = settings.Name.Trim();
        DefaultLowStockThreshold = settings.DefaultLowStockThreshold;
        DefaultOutOfStockPolicy = settings.DefaultOutOfStockPolicy;
        VelocityWindowDays = settings.VelocityWindowDays;
        TimeZone = settings.TimeZone;
        Language = settings.Language;
        if (settings.Country is not null)
        {
            Country = Countries.IsSupported(settings.Country) ? settings.Country : throw new ArgumentException($"Unknown country {settings.Country}.", nameof(settings));
        }
        if (settings.Currency is not null)
        {
            // Past orders keep the currency they were taken in (Order.Currency); prices are not converted.
            Currency = Currencies.IsSupported(settings.Currency) ? settings.Currency : throw new ArgumentException($"Unknown currency {settings.Currency}.", nameof(settings));
        }
    }

    public void UpdateNotificationPacing(int digestWindowSeconds, int criticalAlertsPerHour)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digestWindowSeconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digestWindowSeconds, MaxDigestWindowSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(criticalAlertsPerHour, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(criticalAlertsPerHour, MaxCriticalAlertsPerHour);
        DigestWindowSeconds = digestWindowSeconds;
        CriticalAlertsPerHour = criticalAlertsPerHour;
    }
}

public sealed record StoreSettings(
    string Name,
    int? DefaultLowStockThreshold,
    OutOfStockPolicy DefaultOutOfStockPolicy,
    int VelocityWindowDays,
    string TimeZone,
    string Language,
    string? Country = null,
    string? Currency = null);
