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
/// One webhook endpoint: its events and active flag, secret rotation (the new secret shown once, the old one still
/// signing for 24 h), deletion, a test event, and its delivery log with a replay of any delivery.
/// </summary>
public sealed class EditModel(WebhookService webhooks, StockDbContext db, ActivityLog activity, IStringLocalizer<SharedResource> localizer) : PageModel
{
    private const int PerPage = 20;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true, Name = PageInfo.QueryKey)]
    public int? PageNumber { get; set; }

    [BindProperty]
    public WebhookForm Input { get; set; } = new();

    public WebhookEndpoint Endpoint { get; private set; } = null!;
    public IReadOnlyList<WebhookDelivery> Deliveries { get; private set; } = [];
    public PageInfo Paging { get; private set; } = PageInfo.For(1, 0);
    public StoreTime Time { get; private set; } = null!;

    /// <summary>The secret a rotation just made; only ever on the page that answers the rotation.</summary>
    public string? RotatedSecret { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        await FillFormAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.IsValid)
        {
            // An empty products box means every product again.
            var draft = Input.ToDraft() with { ProductSkus = Input.Skus() };
            switch (await webhooks.UpdateAsync(Id, draft, HttpContext.RequestAborted))
            {
                case WebhookSaveResult.NotFound:
                    return NotFound();
                case WebhookSaveResult.Saved:
                    await activity.RecordAsync(ActivityKind.WebhookChanged, draft.Url, HttpContext.RequestAborted);
                    TempData["Status"] = localizer["Webhook endpoint saved."].Value;
                    return RedirectToPage("/Settings/Webhooks/Edit", new { id = Id });
                case WebhookSaveResult.Invalid invalid:
                    WebhookForm.AddErrors(ModelState, invalid.Errors, localizer);
                    break;
            }
        }
        return await LoadAsync() ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostRotateAsync()
    {
        if (await webhooks.RotateSecretAsync(Id, HttpContext.RequestAborted) is not { } secret)
        {
            return NotFound();
        }
        RotatedSecret = secret;
        Response.Headers.CacheControl = "no-store";
        await LoadAsync();
        await activity.RecordAsync(ActivityKind.WebhookSecretRotated, Endpoint.Url, HttpContext.RequestAborted);
        await FillFormAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        var url = await db.WebhookEndpoints.Where(e => e.Id == Id).Select(e => e.Url).FirstOrDefaultAsync(HttpContext.RequestAborted);
        if (!await webhooks.DeleteAsync(Id, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        await activity.RecordAsync(ActivityKind.WebhookDeleted, url, HttpContext.RequestAborted);
        TempData["Status"] = localizer["Webhook endpoint deleted."].Value;
        return RedirectToPage("/Settings/Webhooks/Index");
    }

    public async Task<IActionResult> OnPostTestAsync()
    {
        if (await webhooks.FindAsync(Id, HttpContext.RequestAborted) is not { } endpoint)
        {
            return NotFound();
        }
        if (!endpoint.IsActive)
        {
            TempData["Status"] = localizer["This endpoint is turned off: turn it on to send it a test event."].Value;
            return RedirectToPage("/Settings/Webhooks/Edit", new { id = Id });
        }
        await webhooks.SendTestAsync(Id, HttpContext.RequestAborted);
        TempData["Status"] = localizer["Test event queued: it appears in the delivery log below."].Value;
        return RedirectToPage("/Settings/Webhooks/Edit", new { id = Id });
    }

    public async Task<IActionResult> OnPostReplayAsync(Guid delivery)
    {
        if (await webhooks.ReplayAsync(Id, delivery, HttpContext.RequestAborted) is null)
        {
            return NotFound();
        }
        TempData["Status"] = localizer["Delivery queued again, with the same webhook-id."].Value;
        return RedirectToPage("/Settings/Webhooks/Edit", new { id = Id });
    }

    private async Task FillFormAsync()
    {
        Input = new WebhookForm
        {
            Url = Endpoint.Url,
            Events = [.. Endpoint.Events],
            Products = string.Join(", ", await webhooks.SkusAsync(Endpoint, HttpContext.RequestAborted)),
            Active = Endpoint.IsActive,
        };
        ModelState.Clear();
    }

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (await webhooks.FindAsync(Id, ct) is not { } endpoint)
        {
            return false;
        }
        Endpoint = endpoint;
        Time = new StoreTime((await db.CurrentTenantAsync(ct)).TimeZone);
        var (_, total) = await webhooks.DeliveriesAsync(Id, 1, 1, ct);
        Paging = PageInfo.For(PageNumber, total, PerPage);
        (Deliveries, _) = await webhooks.DeliveriesAsync(Id, Paging.Page, PerPage, ct);
        return true;
    }
}
