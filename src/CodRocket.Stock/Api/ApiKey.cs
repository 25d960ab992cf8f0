using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Api;

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

    private ApiKey(string name, string secret, Guid? createdBy, DateTimeOffset now)
    {
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

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>A new key and its secret. The secret exists only in the return value: show it, then forget it.</summary>
    public static (ApiKey Key, string Secret) Create(string name, Guid? createdBy, DateTimeOffset now)
    {
        var secret = SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        return (new ApiKey(name, secret, createdBy, now), secret);
    }

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
