using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Api;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Infrastructure;
using CodRocket.Stock.Web.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Settings;

/// <summary>
/// Settings → API keys: create (the secret is shown on the answer to the POST, once, and never stored), list, revoke.
/// Owners and managers only, like every settings page.
/// </summary>
public sealed class ApiKeysModel(
    StockDbContext db, ITenantContext tenant, TimeProvider clock, ActivityLog activity, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<Row> Keys { get; private set; } = [];
    public StoreTime Time { get; private set; } = null!;

    /// <summary>The secret of the key just created; only ever on the page that answers the create.</summary>
    public string? CreatedSecret { get; private set; }
    public string? CreatedName { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (Input.Scopes == ApiKeyScopes.None)
        {
            ModelState.AddModelError("Input.Read", localizer["Choose at least one thing the key may do."]);
        }
        if (Input.ExpiresInDays is { } days && !ExpiryChoices.Contains(days))
        {
            ModelState.AddModelError("Input.ExpiresInDays", localizer["Choose an expiry from the list."]);
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        var now = clock.GetUtcNow();
        var (key, secret) = ApiKey.Create(Input.Name, tenant.UserId, now, Input.Scopes,
            Input.ExpiresInDays is { } expiry ? now.AddDays(expiry) : null);
        db.ApiKeys.Add(key);
        activity.Record(ActivityKind.ApiKeyCreated, $"{key.Name} ({key.Prefix}…)");
        await db.SaveChangesAsync(HttpContext.RequestAborted);

        // Rendered, not redirected: the secret must not travel through TempData (a cookie) or a URL.
        CreatedSecret = secret;
        CreatedName = key.Name;
        Input = new InputModel();
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct) is not { } key)
        {
            return NotFound();
        }
        if (this.Unconfirmed(localizer["Revoke API key {0}?", key.Name], localizer["Revoke this key? Integrations using it stop working at once."],
                localizer["Revoke {0}", key.Name], Url.Page("/Settings/ApiKeys")!) is { } ask)
        {
            return ask;
        }
        if (key.Revoke(tenant.UserId, clock.GetUtcNow()))
        {
            activity.Record(ActivityKind.ApiKeyRevoked, $"{key.Name} ({key.Prefix}…)");
            await db.SaveChangesAsync(ct);
            TempData["Status"] = localizer["API key {0} revoked: requests with it are refused from now on.", key.Name].Value;
        }
        return RedirectToPage("/Settings/ApiKeys");
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Time = new StoreTime((await db.CurrentTenantAsync(ct)).TimeZone);
        Keys = await db.ApiKeys.AsNoTracking()
            .OrderBy(k => k.RevokedAt != null).ThenByDescending(k => k.CreatedAt)
            .Select(k => new Row(
                k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt, k.Scopes, k.ExpiresAt,
                db.Users.Where(u => u.Id == k.CreatedBy).Select(u => u.FullName).FirstOrDefault()))
            .ToListAsync(ct);
    }

    /// <summary>Expiry choices offered on the form, in days (none: the key does not expire).</summary>
    public static readonly int[] ExpiryChoices = [30, 90, 180, 365];

    public DateTimeOffset Now => clock.GetUtcNow();

    public sealed record Row(
        Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt,
        ApiKeyScopes Scopes, DateTimeOffset? ExpiresAt, string? CreatedBy);

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter a name that says where the key is used.")]
        [StringLength(ApiKey.NameMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
        [Display(Name = "Key name")]
        public string Name { get; set; } = "";

        [Display(Name = "Read")]
        public bool Read { get; set; } = true;

        [Display(Name = "Change products and stock")]
        public bool Write { get; set; } = true;

        [Display(Name = "Place and move orders")]
        public bool Orders { get; set; } = true;

        /// <summary>Off unless chosen: a webhook sends the store's data elsewhere.</summary>
        [Display(Name = "Manage webhooks")]
        public bool Webhooks { get; set; }

        /// <summary>Null: the key does not expire.</summary>
        [Display(Name = "Expires")]
        public int? ExpiresInDays { get; set; }

        public ApiKeyScopes Scopes =>
            (Read ? ApiKeyScopes.Read : 0) | (Write ? ApiKeyScopes.Write : 0) | (Orders ? ApiKeyScopes.Orders : 0)
            | (Webhooks ? ApiKeyScopes.Webhooks : 0);
    }
}
