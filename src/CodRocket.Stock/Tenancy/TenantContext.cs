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

    void Set(Guid tenantId, Guid? userId, Guid? apiKeyId = null);

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
    public bool IsCrossStore => _crossStore > 0;

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

public static class TenantContextExtensions
{
    public static Guid RequireTenant(this ITenantContext context) =>
        context.TenantId ?? throw new InvalidOperationException("No store is selected for this operation.");
}
