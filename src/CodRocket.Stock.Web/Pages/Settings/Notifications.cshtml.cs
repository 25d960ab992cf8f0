using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Data;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Settings;

/// <summary>
/// The delivery log of every notification, the store's alert pacing (digest window, hourly cap on critical alerts),
/// and test buttons that send one to yourself on the spot.
/// </summary>
public sealed class NotificationsModel(
    StockDbContext db,
    ITenantContext tenant,
    NotificationSenders senders,
    TimeProvider clock,
    IStringLocalizer<SharedResource> localizer) : PageModel
{

    private const int PerPage = 30;

    [BindProperty(SupportsGet = true)]
    public NotificationStatus? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = PageInfo.QueryKey)]
    public int? PageNumber { get; set; }

    public IReadOnlyList<Row> Log { get; private set; } = [];
    public PageInfo Paging { get; private set; } = PageInfo.For(1, 0);
    public StoreTime Time { get; private set; } = null!;
    public bool EmailConfigured => senders.Email.IsConfigured;
    public bool SmsConfigured => senders.Sms.IsConfigured;
    public bool WhatsAppConfigured => senders.WhatsApp.IsConfigured;

    [BindProperty]
    public PacingInput Pacing { get; set; } = new();

    public async Task OnGetAsync()
    {
        var store = await LoadAsync(HttpContext.RequestAborted);
        Pacing = new PacingInput { DigestWindowSeconds = store.DigestWindowSeconds, CriticalAlertsPerHour = store.CriticalAlertsPerHour };
    }

    public async Task<IActionResult> OnPostPacingAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        var store = await db.CurrentTenantAsync(ct);
        store.UpdateNotificationPacing(Pacing.DigestWindowSeconds!.Value, Pacing.CriticalAlertsPerHour!.Value);
        await db.SaveChangesAsync(ct);
        TempData["Status"] = localizer["Alert pacing saved."].Value;
        return RedirectToPage("/Settings/Notifications");
    }

    private async Task<Tenant> LoadAsync(CancellationToken ct)
    {
        var store = await db.CurrentTenantAsync(ct);
        Time = new StoreTime(store.TimeZone);
        var log = db.Notifications.AsNoTracking();
        if (Status is { } status)
        {
            log = log.Where(n => n.Status == status);
        }
        Paging = PageInfo.For(PageNumber, await log.CountAsync(ct), PerPage);
        Log = await log.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip(Paging.Skip).Take(Paging.PageSize)
            .Select(n => new Row(
                n.CreatedAt, n.Kind, n.Channel, n.Recipient, n.Status, n.Attempts, n.LastError, n.SentAt,
                db.StockAlerts.Where(a => a.Id == n.AlertId).Select(a => a.Product.Sku).FirstOrDefault(),
                db.StockAlerts.Where(a => a.Id == n.AlertId).Select(a => (Guid?)a.ProductId).FirstOrDefault(), n.InSummary))
            .ToListAsync(ct);
        return store;
    }

    public async Task<IActionResult> OnPostTestEmailAsync()
    {
        var ct = HttpContext.RequestAborted;
        var me = await db.Users.SingleAsync(u => u.Id == tenant.UserId, ct);
        if (!me.EmailConfirmed)
        {
            // Nothing goes to an address its owner has not confirmed, tests included.
            TempData["Error"] = localizer["Confirm your e-mail address first: follow the link we sent you (the dashboard can send it again)."].Value;
            return RedirectToPage("/Settings/Notifications");
        }
        var store = await db.CurrentTenantAsync(ct);
        var record = new Notification(NotificationKind.Test, NotificationChannel.Email, me.Id, me.Email!, clock.GetUtcNow());
        var subject = localizer["Test email from CodRocket Stock"].Value;
        var body = localizer["This is a test from {0}: stock alert emails reach you.", store.Name].Value;
        var (status, error) = await TryAsync(senders.Email.IsConfigured, async () =>
        {
            await using var session = await senders.Email.OpenAsync(ct);
            await session.SendAsync(new EmailMessage(me.Email!, subject, $"<p>{System.Net.WebUtility.HtmlEncode(body)}</p>", body, [record.Id]), ct);
        });
        return await RecordAsync(record, status, error, me.Email!);
    }

    public async Task<IActionResult> OnPostTestSmsAsync()
    {
        var ct = HttpContext.RequestAborted;
        var me = await db.Users.SingleAsync(u => u.Id == tenant.UserId, ct);
        if (string.IsNullOrEmpty(me.PhoneNumber))
        {
            TempData["Error"] = localizer["Add your mobile phone number in Settings → Team first."].Value;
            return RedirectToPage("/Settings/Notifications");
        }
        var store = await db.CurrentTenantAsync(ct);
        var record = new Notification(NotificationKind.Test, NotificationChannel.Sms, me.Id, me.PhoneNumber, clock.GetUtcNow());
        var (status, error) = await TryAsync(senders.Sms.IsConfigured, () =>
            senders.Sms.SendAsync(me.PhoneNumber, localizer["{0}: test SMS from CodRocket Stock. Alerts reach you.", store.Name].Value, ct));
        return await RecordAsync(record, status, error, me.PhoneNumber);
    }

    private static async Task<(NotificationStatus, string?)> TryAsync(bool configured, Func<Task> send)
    {
        if (!configured)
        {
            return (NotificationStatus.Logged, "Not configured: logged, not sent.");
        }
        try
        {
            await send();
            return (NotificationStatus.Sent, null);
        }
        catch (Exception e)
        {
            return (NotificationStatus.Failed, e.Message);
        }
    }

    private async Task<IActionResult> RecordAsync(Notification record, NotificationStatus status, string? error, string recipient)
    {
        record.RecordImmediate(status, error, clock.GetUtcNow());
        db.Notifications.Add(record);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        switch (status)
        {
            case NotificationStatus.Sent:
                TempData["Status"] = localizer["Test sent to {0}.", recipient].Value;
                break;
            case NotificationStatus.Logged:
                TempData["Error"] = localizer["Nothing was sent: this channel is not configured on the server, so the message was written to the log."].Value;
                break;
            default:
                TempData["Error"] = localizer["The test to {0} failed: {1}", recipient, error ?? ""].Value;
                break;
        }
        return RedirectToPage("/Settings/Notifications");
    }

    public sealed record Row(
        DateTimeOffset At, NotificationKind Kind, NotificationChannel Channel, string Recipient, NotificationStatus Status,
        int Attempts, string? LastError, DateTimeOffset? SentAt, string? Sku, Guid? ProductId, bool InSummary);

    public sealed class PacingInput
    {
        [Required(ErrorMessage = "Enter a number of seconds.")]
        [Range(0, Tenant.MaxDigestWindowSeconds, ErrorMessage = "{0} is a whole number from {1} to {2}.")]
        [Display(Name = "Digest window")]
        public int? DigestWindowSeconds { get; set; }

        [Required(ErrorMessage = "Enter a number of alerts.")]
        [Range(1, Tenant.MaxCriticalAlertsPerHour, ErrorMessage = "{0} is a whole number from {1} to {2}.")]
        [Display(Name = "Critical alerts per member per hour")]
        public int? CriticalAlertsPerHour { get; set; }
    }
}
