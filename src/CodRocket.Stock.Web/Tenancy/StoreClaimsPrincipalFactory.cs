using System.Security.Claims;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Web.Tenancy;

/// <summary>Puts the store, the role and the display names on the sign-in cookie.</summary>
public sealed class StoreClaimsPrincipalFactory(
    UserManager<StoreUser> users, IOptions<IdentityOptions> options, StockDbContext db)
    : UserClaimsPrincipalFactory<StoreUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StoreUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var storeName = await db.Tenants.Where(t => t.Id == user.TenantId).Select(t => t.Name).SingleAsync();
        identity.AddClaim(new Claim(StoreClaims.StoreId, user.TenantId.ToString()));
        identity.AddClaim(new Claim(StoreClaims.StoreName, storeName));
        identity.AddClaim(new Claim(StoreClaims.FullName, user.FullName));
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role.ToString()));
        return identity;
    }
}
