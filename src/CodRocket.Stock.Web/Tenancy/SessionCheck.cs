using System.Security.Claims;
using CodRocket.Stock.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Web.Tenancy;

/// <summary>
/// On every request, the cookie's security stamp against the account's: one indexed read. Signing out, "sign out
/// everywhere" and removing a member change the stamp, so their cookies stop working at once (Identity's own
/// validator only looks every few minutes, when it also refreshes the claims).
/// </summary>
public static class SessionCheck
{
    public static async Task<bool> IsCurrentAsync(CookieValidatePrincipalContext context)
    {
        if (!StoreClaims.TryRead(context.Principal, out _, out var userId) || userId is not { } id)
        {
            return false;
        }
        var services = context.HttpContext.RequestServices;
        var claimType = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var stamp = context.Principal!.FindFirstValue(claimType);
        var current = await services.GetRequiredService<StockDbContext>().Users
            .Where(u => u.Id == id)
            .Select(u => u.SecurityStamp)
            .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        return stamp is not null && current == stamp;
    }
}
