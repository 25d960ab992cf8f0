using System.Security.Claims;
using CodRocket.Stock.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace CodRocket.Stock.Web.Tenancy;

/// <summary>
/// Ends sessions on the server, not only in this browser: a new security stamp makes every cookie issued before it
/// fail the check that runs on each request (<see cref="SessionCheck"/>), so a copied cookie stops working too.
/// </summary>
public sealed class SessionSignOut(UserManager<StoreUser> users)
{
    /// <summary>Ends every session of the signed-in account and removes this browser's cookie.</summary>
    public async Task SignOutAsync(HttpContext http)
    {
        await EndSessionsAsync(http.User);
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    /// <summary>Ends every session of <paramref name="principal"/>'s account (the request's store is the account's).</summary>
    public async Task EndSessionsAsync(ClaimsPrincipal principal)
    {
        if (await users.GetUserAsync(principal) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }
    }
}
