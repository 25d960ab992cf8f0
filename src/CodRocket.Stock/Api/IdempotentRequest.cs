using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Api;

/// <summary>
/// A write sent with an <c>Idempotency-Key</c>: the hash of what was asked and the response that was given, so a
/// retry gets the same answer and changes nothing more. Kept per store for <see cref="Retention"/>.
/// </summary>
public sealed class IdempotentRequest : ITenantOwned
{
    public const int KeyMaxLength = 255;
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private IdempotentRequest() { }

    public Guid TenantId { get; private set; }
    public string Key { get; private set; } = "";
    /// <summary>SHA-256 of the method, path and body: the same key with another request is refused.</summary>
    public byte[] RequestHash { get; private set; } = [];
    /// <summary>
    /// Null only inside the transaction that claimed the key: the claim and the response commit together, so a
    /// committed row always has its response.
    /// </summary>
    public int? StatusCode { get; private set; }
    public string? ContentType { get; private set; }
    public string? Location { get; private set; }
    public string? ResponseBody { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public bool Matches(byte[] requestHash) => RequestHash.AsSpan().SequenceEqual(requestHash);
}

/// <summary>A response as it is stored and replayed.</summary>
public sealed record StoredResponse(int StatusCode, string? ContentType, string? Location, string Body);
