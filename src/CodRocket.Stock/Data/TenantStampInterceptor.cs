using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CodRocket.Stock.Data;

/// <summary>
/// Stamps the current store on new rows and refuses to save a change to another store's row. The query
/// filter keeps reads inside the store; this keeps writes there, including an entity attached from posted data.
/// </summary>
internal sealed class TenantStampInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Stamp(DbContext? context)
    {
        if (context is not StockDbContext stockContext)
        {
            return;
        }
        var tenant = stockContext.Tenant;
        foreach (var entry in context.ChangeTracker.Entries<ITenantOwned>())
        {
            var property = entry.Property(e => e.TenantId);
            switch (entry.State)
            {
                // A new row always belongs to the store acting now. (EF may have put a placeholder value in
                // tenant_id, since it leads composite keys that are also foreign keys.)
                case EntityState.Added:
                    property.CurrentValue = tenant.RequireTenant();
                    break;
                case EntityState.Modified or EntityState.Deleted when property.OriginalValue != tenant.TenantId:
                    throw new InvalidOperationException(
                        $"Refusing to save a {entry.Metadata.ClrType.Name} of another store.");
            }
        }
    }
}
