using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Pages.Settings;

/// <summary>
/// Settings → Activity, for the owner only: sign-ins and lockouts, API keys created and revoked, webhook endpoints, team changes and store
/// settings — who, when and from where (address and browser), newest first, filtered by kind of event.
/// </summary>
[Authorize(Roles = nameof(StoreRole.Owner))]
public sealed class ActivityModel(StockDbContext db) : PageModel
{
    private const int PerPage = 50;

    /// <summary>The groups of events the filter offers, and what each holds.</summary>
    public static readonly IReadOnlyDictionary<string, ActivityKind[]> Groups = new Dictionary<string, ActivityKind[]>(StringComparer.Ordinal)
    {
        ["sign-ins"] = [ActivityKind.SignedIn, ActivityKind.SignInFailed, ActivityKind.LockedOut],
        ["api-keys"] = [ActivityKind.ApiKeyCreated, ActivityKind.ApiKeyRevoked, ActivityKind.MemberKeysRevoked],
        ["webhooks"] = [ActivityKind.WebhookCreated, ActivityKind.WebhookChanged, ActivityKind.WebhookSecretRotated, ActivityKind.WebhookDeleted],
        ["team"] = [ActivityKind.MemberInvited, ActivityKind.MemberJoined, ActivityKind.MemberChanged, ActivityKind.MemberRoleChanged, ActivityKind.MemberRemoved],
        ["settings"] = [ActivityKind.StoreSettingsChanged, ActivityKind.NotificationSettingsChanged],
    };

    [BindProperty(SupportsGet = true)]
    public string? Show { get; set; }

    [BindProperty(SupportsGet = true, Name = PageInfo.QueryKey)]
    public int? PageNumber { get; set; }

    public IReadOnlyList<ActivityEntry> Entries { get; private set; } = [];
    public PageInfo Paging { get; private set; } = PageInfo.For(1, 0);
    public StoreTime Time { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Time = new StoreTime((await db.CurrentTenantAsync(ct)).TimeZone);
        var entries = db.Activity.AsNoTracking();
        if (Show is not null && Groups.TryGetValue(Show, out var kinds))
        {
            entries = entries.Where(e => kinds.Contains(e.Kind));
        }
        else
        {
            Show = null;
        }
        Paging = PageInfo.For(PageNumber, await entries.CountAsync(ct), PerPage);
        Entries = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(Paging.Skip).Take(Paging.PageSize).ToListAsync(ct);
    }

    /// <summary>"Chrome on Android" from a user agent: enough to recognise one's own phone, or a stranger's computer.</summary>
    public static string? Browser(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }
        bool Has(string part) => userAgent.Contains(part, StringComparison.OrdinalIgnoreCase);
        var browser = Has("Edg/") ? "Edge" : Has("OPR/") ? "Opera" : Has("Firefox/") ? "Firefox" : Has("Chrome/") || Has("Chromium/") ? "Chrome"
            : Has("Safari/") ? "Safari" : Has("curl/") ? "curl" : null;
        var system = Has("Android") ? "Android" : Has("iPhone") || Has("iPad") ? "iOS" : Has("Windows") ? "Windows"
            : Has("Mac OS X") || Has("Macintosh") ? "macOS" : Has("CrOS") ? "ChromeOS" : Has("Linux") ? "Linux" : null;
        return (browser, system) switch
        {
            (not null, not null) => $"{browser} · {system}",
            (not null, null) => browser,
            (null, not null) => system,
            _ => userAgent.Length > 40 ? userAgent[..40] + "…" : userAgent,
        };
    }
}
