using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Tenancy;
using CodRocket.Stock.Web.Infrastructure;
using CodRocket.Stock.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Settings.Webhooks;

/// <summary>
/// Settings → Webhooks: the store's endpoints and a form for a new one. The signing secret is shown on the answer to
/// the create, once (like an API key); owners and managers only, like every settings page.
/// </summary>
public sealed class IndexModel(ActivityLog activity, WebhookService webhooks, StockDbContext db, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public WebhookForm Input { get; set; } = new();

    public IReadOnlyList<Row> Endpoints { get; private set; } = [];
    public StoreTime Time { get; private set; } = null!;

    public string? CreatedSecret { get; private set; }
    public Guid? CreatedId { get; private set; }

    public Task OnGetAsync()
    {
        Input = WebhookForm.New();
        return LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        switch (await webhooks.CreateAsync(Input.ToDraft(), ct))
        {
            case WebhookSaveResult.Saved saved:
                await activity.RecordAsync(ActivityKind.WebhookCreated, saved.Endpoint.Url, ct);
                // Rendered, not redirected: the secret must not travel through TempData (a cookie) or a URL.
                CreatedSecret = saved.Secret;
                CreatedId = saved.Endpoint.Id;
                Input = WebhookForm.New();
                ModelState.Clear();
                Response.Headers.CacheControl = "no-store";
                break;
            case WebhookSaveResult.Invalid invalid:
                WebhookForm.AddErrors(ModelState, invalid.Errors, localizer);
                break;
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Time = new StoreTime((await db.CurrentTenantAsync(ct)).TimeZone);
        Endpoints = await db.WebhookEndpoints.AsNoTracking()
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
            .Select(e => new Row(e.Id, e.Url, e.Events, e.ProductIds != null ? e.ProductIds.Length : 0, e.IsActive, e.DisabledAt,
                db.WebhookDeliveries.Where(d => d.EndpointId == e.Id).OrderByDescending(d => d.CreatedAt)
                    .Select(d => new LastDelivery(d.Status, d.CreatedAt, d.ResponseStatus)).FirstOrDefault()))
            .ToListAsync(ct);
    }

    public sealed record LastDelivery(WebhookDeliveryStatus Status, DateTimeOffset At, int? ResponseStatus);

    public sealed record Row(Guid Id, string Url, string[] Events, int Products, bool Active, DateTimeOffset? DisabledAt, LastDelivery? Last);
}
