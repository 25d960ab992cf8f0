using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace CodRocket.Stock.Web.Tenancy;

/// <summary>
/// Sign-in by e-mail and password, outside any store: the account is found across stores and checked in a scope
/// of its own whose store is the account's, so its failure count is saved whoever sends the attempt (a request
/// signed in to another store acts for that store and could not save it). Every failure counts; five lock the
/// account. An unknown e-mail costs the same password hashing as a known one, so the answer's timing does not
/// tell whether an account exists.
/// </summary>
public sealed class PasswordSignIn(IServiceScopeFactory scopes, IPasswordHasher<StoreUser> hasher, SessionSignOut signOut)
{
    private static string? _dummyHash;

    public async Task<SignInResult> SignInAsync(HttpContext http, string email, string password, bool persistent)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<UserManager<StoreUser>>();
        // StoreUserStore looks e-mails up across every store.
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || user.PasswordHash is null || !user.IsActiveMember)
        {
            HashAnyway(password);
            return SignInResult.Failed;
        }
        services.GetRequiredService<ITenantContext>().Set(user.TenantId, null);
        var signIn = services.GetRequiredService<SignInManager<StoreUser>>();
        signIn.Context = http;
        var wasLocked = await users.IsLockedOutAsync(user);
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        var activity = services.GetRequiredService<ActivityLog>();
        var db = services.GetRequiredService<StockDbContext>();
        if (!result.Succeeded)
        {
            if (wasLocked)
            {
                // A locked account is refused before its password is checked: spend the same time.
                HashAnyway(password);
            }
            // The attempt that locks the account is the one worth a line of its own.
            activity.RecordSignIn(result.IsLockedOut && !wasLocked ? ActivityKind.LockedOut : ActivityKind.SignInFailed, user);
            await db.SaveChangesAsync();
            return result;
        }
        activity.RecordSignIn(ActivityKind.SignedIn, user);
        await db.SaveChangesAsync();
        // Whoever was signed in on this browser is signed out first: their session ends for good, not only here.
        if (StoreClaims.TryRead(http.User, out _, out var currentUserId) && currentUserId is { } current)
        {
            if (current == user.Id)
            {
                await users.UpdateSecurityStampAsync(user);
            }
            else
            {
                await signOut.EndSessionsAsync(http.User);
            }
        }
        await signIn.SignInAsync(user, persistent);
        return result;
    }

    private void HashAnyway(string password)
    {
        var placeholder = new StoreUser(Guid.Empty, "nobody@invalid.invalid", "nobody", StoreRole.Staff, DateTimeOffset.UnixEpoch);
        _dummyHash ??= hasher.HashPassword(placeholder, Guid.NewGuid().ToString("N"));
        _ = hasher.VerifyHashedPassword(placeholder, _dummyHash, password);
    }
}
