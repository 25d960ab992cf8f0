using Microsoft.Extensions.Logging;

namespace CodRocket.Stock.Tenancy;

/// <summary>The store (and user) the current request or job acts for. Scoped: one per request or job.</summary>
public interface ITenantContext
{
    Guid? TenantId { get; }
    Guid? UserId { get; }
    /// <summary>The API key a request authenticated with (null for a signed-in person or a job): recorded on the stock
    /// movements and orders it makes.</summary>
    Guid? ApiKeyId { get; }

    /// <summary>True inside a <see cref="CrossStore"/> scope: the database's row-level security lets every store through.</summary>
    bool IsCrossStore { get; }

    /// <summary>
    /// The API key the request's database work must prove still in force (unrevoked, unexpired at the instant given),
    /// when the key was taken from a node's cache rather than read from the database by this request: see
    /// <see cref="RequireKeyInForce"/>. Null otherwise.
    /// </summary>
    ApiKeyInForce? KeyInForce { get; }

    void Set(Guid tenantId, Guid? userId, Guid? apiKeyId = null);

    /// <summary>
    /// For the store already set: every statement that sets this scope's connections to act for its store also checks, in the database, that the
    /// key is in force, and fails with <c>RowLevelSecurity.KeyNotInForce</c> if not: the request's first round trip
    /// carries the check, so a key revoked on any node is refused at once without a lookup of its own.
    /// </summary>
    void RequireKeyInForce(Guid keyId, DateTimeOffset at);

    /// <summary>
    /// Until disposed, this scope's connections may read and write every store's rows (row-level security's explicit
    /// bypass), for work that spans stores on purpose: sign-in by e-mail, a sweep over every outbox. The EF filter still
    /// applies: a cross-store query also says <c>IgnoreQueryFilters</c>. Logged with its reason.
    /// </summary>
    IDisposable CrossStore(string reason, LogLevel level = LogLevel.Information);
}

public sealed class TenantContext(ILogger<TenantContext> logger) : ITenantContext
{
    private int _crossStore;

    public Guid? TenantId { get; private set; }
    public Guid? UserId { get; private set; }
    public Guid? ApiKeyId { get; private set; }
    public ApiKeyInForce? KeyInForce { get; private set; }
    public bool IsCrossStore => _crossStore > 0;

    public void RequireKeyInForce(Guid keyId, DateTimeOffset at) =>
        KeyInForce = new ApiKeyInForce(this.RequireTenant(), keyId, at);

    public void Set(Guid tenantId, Guid? userId, Guid? apiKeyId = null)
    {
        if (TenantId is { } current && current != tenantId)
        {
            throw new InvalidOperationException("The store of a request or job cannot change once set.");
        }
        TenantId = tenantId;
        UserId = userId;
        ApiKeyId = apiKeyId;
    }

    public IDisposable CrossStore(string reason, LogLevel level = LogLevel.Information)
    {
        logger.Log(level, "Cross-store access: {Reason}", reason);
        _crossStore++;
        return new Scope(this);
    }

    private sealed class Scope(TenantContext owner) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                owner._crossStore--;
            }
        }
    }
}

/// <summary>The key <paramref name="KeyId"/> of store <paramref name="TenantId"/>, to prove in force (unrevoked, unexpired at
/// <paramref name="At"/>) in the database.</summary>
public readonly record struct ApiKeyInForce(Guid TenantId, Guid KeyId, DateTimeOffset At);

public static class TenantContextExtensions
{
    public static Guid RequireTenant(this ITenantContext context) =>
        context.TenantId ?? throw new InvalidOperationException("No store is selected for this operation.");
}
