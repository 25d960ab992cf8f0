using System.Security.Claims;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Web.Tenancy;

/// <summary>Puts the store, the role, the display names and the language on the sign-in cookie.</summary>
public sealed class StoreClaimsPrincipalFactory(
    UserManager<StoreUser> users, IOptions<IdentityOptions> options, StockDbContext db)
    : UserClaimsPrincipalFactory<StoreUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StoreUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var store = await db.Tenants.Where(t => t.Id == user.TenantId).Select(t => new { t.Name, t.Language }).SingleAsync();
        identity.AddClaim(new Claim(StoreClaims.StoreId, user.TenantId.ToString()));
        identity.AddClaim(new Claim(StoreClaims.StoreName, store.Name));
        // The member's language, else the store's: read on every request by StoreCultureProvider.
        identity.AddClaim(new Claim(StoreClaims.Language, user.Language ?? store.Language));
        identity.AddClaim(new Claim(StoreClaims.FullName, user.FullName));
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role.ToString()));
        if (user.IsOperator)
        {
            identity.AddClaim(new Claim(StoreClaims.Operator, "true"));
        }
        return identity;
    }
}
