using CodRocket.Stock.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Tenancy;

/// <summary>
/// E-mails and user names are unique across the platform (sign-in has no store picker), so Identity's lookups by
/// them search every store: uniqueness checks then see an e-mail already used elsewhere. Lookups by id stay
/// inside the current store, and saving another store's user is still refused by the tenant interceptor.
/// </summary>
public sealed class StoreUserStore(StockDbContext context, IdentityErrorDescriber? describer = null)
    : UserOnlyStore<StoreUser, StockDbContext, Guid>(context, describer)
{
    public override async Task<StoreUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default)
    {
        using var crossStore = Context.Tenant.CrossStore("a user looked up by e-mail in every store");
        return await AllStores().SingleOrDefaultAsync(u => u.NormalizedEmail == normalizedEmail, cancellationToken);
    }

    public override async Task<StoreUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken = default)
    {
        using var crossStore = Context.Tenant.CrossStore("a user looked up by user name in every store");
        return await AllStores().SingleOrDefaultAsync(u => u.NormalizedUserName == normalizedUserName, cancellationToken);
    }

    private IQueryable<StoreUser> AllStores() => Context.Users.IgnoreQueryFilters([StockDbContext.TenantFilter]);
}
