using System.Security.Claims;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Web.Tenancy;

/// <summary>
/// Writes Settings → Activity: the entry joins the DbContext of the change it describes and is saved by that change's
/// SaveChanges (never on its own, so the log cannot claim what did not happen). Who: the signed-in member, by the name
/// on their cookie, or the member given (a sign-in); from where: the client address (after the trusted proxies'
/// X-Forwarded-For) and its browser.
/// </summary>
public sealed class ActivityLog(StockDbContext db, ITenantContext tenant, IHttpContextAccessor http, TimeProvider clock)
{
    /// <summary>What the signed-in member did (or <paramref name="actor"/>, someone not signed in yet: an invitee joining).</summary>
    public void Record(ActivityKind kind, string? subject = null, string? details = null, StoreUser? actor = null) =>
        Add(kind, actor?.Id ?? tenant.UserId, actor?.FullName ?? CurrentActorName(), subject, details);

    /// <summary>For a change its service already saved (a webhook endpoint): the line is saved on its own, right after.</summary>
    public async Task RecordAsync(ActivityKind kind, string? subject, CancellationToken ct)
    {
        Record(kind, subject);
        await db.SaveChangesAsync(ct);
    }

    // A member by the name on their cookie; an API request by its key's prefix (Settings → API keys lists it).
    private string? CurrentActorName()
    {
        var user = http.HttpContext?.User;
        return user?.FindFirstValue(StoreClaims.FullName)
            ?? (user?.FindFirstValue(Api.ApiKeyAuthenticationHandler.KeyIdClaim) is not null ? "API key " + user.FindFirstValue(ClaimTypes.Name) : null);
    }

    /// <summary>
    /// A sign-in attempt on <paramref name="account"/>: by its holder when it succeeded; by someone unknown when it failed
    /// (whatever cookie the browser carries, maybe another store's, says nothing about who typed the password).
    /// </summary>
    public void RecordSignIn(ActivityKind kind, StoreUser account) => Add(kind,
        kind == ActivityKind.SignedIn ? account.Id : null, kind == ActivityKind.SignedIn ? account.FullName : null, account.Email, null);

    /// <summary>Field names for <see cref="ActivityEntry.Details"/>: the page shows each in the reader's language.</summary>
    public static string Fields(IEnumerable<string> names) => string.Join(FieldSeparator, names);

    public const string FieldSeparator = "; ";

    private void Add(ActivityKind kind, Guid? actorId, string? actorName, string? subject, string? details)
    {
        var context = http.HttpContext;
        db.Activity.Add(new ActivityEntry(kind, clock.GetUtcNow(), actorId, actorName, subject, details,
            context?.Connection.RemoteIpAddress?.ToString(), context?.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null));
    }
}
