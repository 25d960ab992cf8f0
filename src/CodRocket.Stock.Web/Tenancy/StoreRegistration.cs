using System.Globalization;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace CodRocket.Stock.Web.Tenancy;

/// <summary>
/// Creates a store with its Owner in one transaction: sign-up and the operator command line both come here.
/// Once per scope: the new store becomes the scope's tenant.
/// </summary>
public sealed class StoreRegistration(StockDbContext db, UserManager<StoreUser> users, ITenantContext tenant, TimeProvider clock)
{
    public async Task<RegistrationResult> RegisterAsync(
        string storeName, string ownerName, string email, string password, CancellationToken ct, Action<StoreUser>? configure = null,
        string? country = null, string? language = null, string? timeZone = null)
    {
        var now = clock.GetUtcNow();
        // The store speaks the language its owner chose (else the one they signed up in): the team's default. Its
        // time zone is the one chosen (the browser's guess), else its country's.
        var store = new Tenant(
            storeName, now, language ?? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, country, timeZone ?? TimeZones.OfCountry(country));
        // The new store is the tenant of everything written here, the owner included.
        tenant.Set(store.Id, null);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Tenants.Add(store);
        await db.SaveChangesAsync(ct);
        var owner = new StoreUser(store.Id, email, ownerName, StoreRole.Owner, now);
        owner.MarkJoined(now);
        configure?.Invoke(owner);
        var created = await users.TryCreateAsync(owner, password);
        if (!created.Succeeded)
        {
            return new RegistrationResult(store, owner, [.. created.Errors]);
        }
        await transaction.CommitAsync(ct);
        return new RegistrationResult(store, owner, []);
    }
}

/// <summary>The store and owner; nothing was saved when <see cref="Errors"/> is not empty.</summary>
public sealed record RegistrationResult(Tenant Store, StoreUser Owner, IReadOnlyList<IdentityError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
