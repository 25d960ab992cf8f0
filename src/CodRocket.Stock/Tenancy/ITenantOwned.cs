namespace CodRocket.Stock.Tenancy;

/// <summary>A row that belongs to one store. The "Tenant" query filter and the stamp interceptor key off this.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; }
}
