using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Api;

/// <summary>What a key may do. A key made before scopes existed may do everything (<see cref="All"/>).</summary>
[Flags]
public enum ApiKeyScopes
{
    None = 0,
    /// <summary>Every GET: products, stock, alerts, orders, warehouses.</summary>
    Read = 1,
    /// <summary>Changes to products, warehouses, thresholds, stock movements and alerts.</summary>
    Write = 2,
    /// <summary>Placing orders and moving them through their life.</summary>
    Orders = 4,
    /// <summary>
    /// Managing webhook endpoints: an endpoint sends the store's orders (customers' names and phones) and stock out,
    /// so it is never granted by default — not by <see cref="All"/>, not to keys made before it existed.
    /// </summary>
    Webhooks = 8,
    /// <summary>The default of a new key: everything but <see cref="Webhooks"/>.</summary>
    All = Read | Write | Orders,
    Every = All | Webhooks,
}

/// <summary>
/// A key an integration (storefront, courier, script) uses to call the API for one store. The secret is shown once
/// when the key is created; only its SHA-256 is stored. A slow password hash buys nothing here: the secret is 256
/// random bits, so the hash cannot be brute-forced, and a fast one can be checked on every request.
/// </summary>
public sealed class ApiKey : ITenantOwned
{
    public const int NameMaxLength = 100;
    public const string SecretPrefix = "crs_";
    /// <summary>How much of the secret the list shows to tell keys apart: "crs_" and 8 characters.</summary>
    public const int DisplayPrefixLength = 12;
    /// <summary>Last-used times are this coarse, so a busy key costs one write a minute, not one per request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const int SecretBytes = 32;
    private static readonly int SecretLength = SecretPrefix.Length + Base64Url.GetEncodedLength(SecretBytes);

    private ApiKey() { }

    private ApiKey(string name, string secret, Guid? createdBy, DateTimeOffset now, ApiKeyScopes scopes, DateTimeOffset? expiresAt)
    {
        if (scopes is ApiKeyScopes.None || (scopes & ~ApiKeyScopes.Every) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scopes), scopes, "A key has at least one scope.");
        }
        if (expiresAt <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresAt), expiresAt, "A key expires in the future.");
        }
        Scopes = scopes;
        ExpiresAt = expiresAt;
        Id = Guid.CreateVersion7(now);
        Name = CleanName(name);
        Prefix = secret[..DisplayPrefixLength];
        Hash = HashOf(secret);
        CreatedAt = now;
        CreatedBy = createdBy;
    }

    public Guid TenantId { get; private set; }
    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Prefix { get; private set; } = "";
    public byte[] Hash { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    public Guid? CreatedBy { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public Guid? RevokedBy { get; private set; }
    public ApiKeyScopes Scopes { get; private set; } = ApiKeyScopes.All;
    /// <summary>After this instant the key answers 401, as if revoked; null: it does not expire.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>A new key and its secret. The secret exists only in the return value: show it, then forget it.</summary>
    public static (ApiKey Key, string Secret) Create(
        string name, Guid? createdBy, DateTimeOffset now, ApiKeyScopes scopes = ApiKeyScopes.All, DateTimeOffset? expiresAt = null)
    {
        var secret = SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        return (new ApiKey(name, secret, createdBy, now, scopes, expiresAt), secret);
    }

    /// <summary>
    /// Revokes every live key <paramref name="memberId"/> created, when the member leaves the team or drops below Manager
    /// (keys are made on a settings page only Owners and Managers reach). Returns how many were revoked.
    /// </summary>
    public static Task<int> RevokeCreatedByAsync(StockDbContext db, Guid memberId, Guid? revokedBy, DateTimeOffset now, CancellationToken ct) =>
        db.ApiKeys.Where(k => k.CreatedBy == memberId && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now).SetProperty(k => k.RevokedBy, revokedBy), ct);

    /// <summary>False for anything that cannot be one of our keys, so garbage never reaches the database.</summary>
    public static bool IsWellFormed(string? secret) =>
        secret is not null && secret.Length == SecretLength && secret.StartsWith(SecretPrefix, StringComparison.Ordinal);

    public static byte[] HashOf(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>True when a request at <paramref name="now"/> should record itself as the key's last use.</summary>
    public static bool LastUseIsStale(DateTimeOffset? lastUsedAt, DateTimeOffset now) =>
        lastUsedAt is null || now - lastUsedAt >= LastUsedResolution;

    /// <summary>The key stops working at once. False when it was already revoked.</summary>
    public bool Revoke(Guid? userId, DateTimeOffset now)
    {
        if (IsRevoked)
        {
            return false;
        }
        RevokedAt = now;
        RevokedBy = userId;
        return true;
    }

    private static string CleanName(string name)
    {
        var trimmed = name.Trim();
        return trimmed.Length is 0 or > NameMaxLength
            ? throw new ArgumentException($"A key name has 1 to {NameMaxLength} characters.", nameof(name))
            : trimmed;
    }
}
