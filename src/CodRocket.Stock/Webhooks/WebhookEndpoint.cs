using System.Security.Cryptography;
using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Webhooks;

/// <summary>
/// Where a store wants its events sent (Settings → Webhooks, /api/v1/webhooks): a URL, the event types it wants,
/// for <c>stock.changed</c> optionally only some products, and a signing secret in the Standard Webhooks format
/// (<c>whsec_</c> + base64). Rotating the secret keeps the previous one signing too for <see cref="RotationOverlap"/>,
/// so a receiver can switch over without losing an event.
/// </summary>
public sealed class WebhookEndpoint : ITenantOwned
{
    public const int UrlMaxLength = 2000;
    public const int MaxProducts = 500;
    public const string SecretPrefix = "whsec_";
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    private WebhookEndpoint() { }

    public WebhookEndpoint(string url, IEnumerable<string> events, Guid[]? productIds, bool active, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        Url = url;
        Events = WebhookEventTypes.Normalize(events);
        ProductIds = productIds is { Length: > 0 } ? productIds.Distinct().Order().ToArray() : null;
        IsActive = active;
        Secret = NewSecret();
        CreatedAt = UpdatedAt = now;
    }

    public Guid TenantId { get; private set; }
    public Guid Id { get; private set; }
    public string Url { get; private set; } = "";
    public string[] Events { get; private set; } = [];
    /// <summary>The products whose <c>stock.changed</c> events go to this endpoint; null for all of them.</summary>
    public Guid[]? ProductIds { get; private set; }
    public bool IsActive { get; private set; }
    public string Secret { get; private set; } = "";
    public string? PreviousSecret { get; private set; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>When delivery gave up on it (24 h of failures) and turned it off; null once it is turned on again.</summary>
    public DateTimeOffset? DisabledAt { get; private set; }

    public void Update(string url, IEnumerable<string> events, Guid[]? productIds, bool active, DateTimeOffset now)
    {
        Url = url;
        Events = WebhookEventTypes.Normalize(events);
        ProductIds = productIds is { Length: > 0 } ? productIds.Distinct().Order().ToArray() : null;
        SetActive(active, now);
    }

    public void SetActive(bool active, DateTimeOffset now)
    {
        if (active)
        {
            DisabledAt = null;
        }
        IsActive = active;
        UpdatedAt = now;
    }

    /// <summary>A new secret (returned to be shown once); the current one keeps signing for <see cref="RotationOverlap"/>.</summary>
    public string RotateSecret(DateTimeOffset now)
    {
        PreviousSecret = Secret;
        PreviousSecretExpiresAt = now + RotationOverlap;
        Secret = NewSecret();
        UpdatedAt = now;
        return Secret;
    }

    /// <summary>The secrets a delivery made at <paramref name="now"/> is signed with: the current one, and the previous one during a rotation.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is { } previous && PreviousSecretExpiresAt > now ? [Secret, previous] : [Secret];

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
}
