using CodRocket.Stock.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodRocket.Stock.Web.Tenancy;

public static class UserCreation
{
    /// <summary>
    /// Creates the account. Two requests for one e-mail at the same moment both pass Identity's check; the unique
    /// index stops the second, which answers like any duplicate instead of failing.
    /// </summary>
    public static async Task<IdentityResult> TryCreateAsync(this UserManager<StoreUser> users, StoreUser user, string? password)
    {
        try
        {
            return password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return IdentityResult.Failed(users.ErrorDescriber.DuplicateEmail(user.Email ?? ""));
        }
    }
}
