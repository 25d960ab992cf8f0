namespace CodRocket.Stock.Tenancy;

/// <summary>The store (and user) the current request or job acts for. Scoped: one per request or job.</summary>
public interface ITenantContext
{
    Guid? TenantId { get; }
    Guid? UserId { get; }
    void Set(Guid tenantId, Guid? userId);
}

public sealed class TenantContext : ITenantContext
{
    public Guid? TenantId { get; private set; }
    public Guid? UserId { get; private set; }

    public void Set(Guid tenantId, Guid? userId)
    {
        if (TenantId is { } current && current != tenantId)
        {
            throw new InvalidOperationException("The store of a request or job cannot change once set.");
        }
        TenantId = tenantId;
        UserId = userId;
    }
}

public static class TenantContextExtensions
{
    public static Guid RequireTenant(this ITenantContext context) =>
        context.TenantId ?? throw new InvalidOperationException("No store is selected for this operation.");
}
