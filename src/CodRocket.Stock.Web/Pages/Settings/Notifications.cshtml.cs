using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Data;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Infrastructure;
using CodRocket.Stock.Web.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Settings;

/// <summary>
/// The delivery log of every notification (each row opens what was sent), the failed ones retried one by one or all
/// at once, the store's alert pacing (digest window, hourly cap on critical alerts), the morning summary's hour, and
/// test buttons that send one to yourself on the spot.
/// </summary>
public sealed class NotificationsModel(
    StockDbContext db,
    ITenantContext tenant,
    NotificationSenders senders,
    NotificationComposer composer,
    NotificationOutbox outbox,
    INotificationDispatcher dispatcher,
    TimeProvider clock,
    ActivityLog activity,
    IStringLocalizer<SharedResource> localizer) : PageModel
{

    private const int PerPage = 30;

    [BindProperty(SupportsGet = true)]
    public NotificationStatus? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = PageInfo.QueryKey)]
    public int? PageNumber { get; set; }

    /// <summary>The morning summary's local hour; empty: off.</summary>
    [BindProperty]
    [Range(0, 23, ErrorMessage = "Choose an hour from the list.")]
    [Display(Name = "Morning summary")]
    public int? SummaryHour { get; set; }

    public IReadOnlyList<Row> Log { get; private set; } = [];
    public PageInfo Paging { get; private set; } = PageInfo.For(1, 0);
    public StoreTime Time { get; private set; } = null!;
    public int FailedCount { get; private set; }
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
        var changed = new List<string>();
        if (store.DigestWindowSeconds != Pacing.DigestWindowSeconds)
        {
            changed.Add("Digest window");
        }
        if (store.CriticalAlertsPerHour != Pacing.CriticalAlertsPerHour)
        {
            changed.Add("Critical alerts per member per hour");
        }
        store.UpdateNotificationPacing(Pacing.DigestWindowSeconds!.Value, Pacing.CriticalAlertsPerHour!.Value);
        if (changed.Count > 0)
        {
            activity.Record(ActivityKind.NotificationSettingsChanged, null, ActivityLog.Fields(changed));
        }
        await db.SaveChangesAsync(ct);
        TempData["Status"] = localizer["Alert pacing saved."].Value;
        return RedirectToPage("/Settings/Notifications");
    }

    private async Task<Tenant> LoadAsync(CancellationToken ct)
    {
        var store = await db.CurrentTenantAsync(ct);
        Time = new StoreTime(store.TimeZone);
        SummaryHour = store.MorningSummaryHour;
        FailedCount = await db.Notifications.CountAsync(n => n.Status == NotificationStatus.Failed, ct);
        var log = db.Notifications.AsNoTracking();
        if (Status is { } status)
        {
            log = log.Where(n => n.Status == status);
        }
        Paging = PageInfo.For(PageNumber, await log.CountAsync(ct), PerPage);
        Log = await log.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip(Paging.Skip).Take(Paging.PageSize)
            .Select(n => new Row(
                n.Id, n.CreatedAt, n.Kind, n.Channel, n.Recipient, n.Status, n.Attempts, n.Failure, n.SentAt,
                db.StockAlerts.Where(a => a.Id == n.AlertId).Select(a => a.Product.Sku).FirstOrDefault(),
                db.StockAlerts.Where(a => a.Id == n.AlertId).Select(a => (Guid?)a.ProductId).FirstOrDefault(), n.InSummary))
            .ToListAsync(ct);
        return store;
    }

    /// <summary>Queues one failed notification again; delivered once, however often the button is pressed.</summary>
    public async Task<IActionResult> OnPostRetryAsync(Guid id)
    {
        var queued = await outbox.RetryFailedAsync([id], null, HttpContext.RequestAborted);
        return Retried(queued);
    }

    /// <summary>Queues every failed notification again.</summary>
    public async Task<IActionResult> OnPostRetryAllAsync()
    {
        var queued = await outbox.RetryFailedAsync(null, null, HttpContext.RequestAborted);
        return Retried(queued);
    }

    private RedirectToPageResult Retried(int queued)
    {
        if (queued > 0)
        {
            dispatcher.Dispatch(tenant.RequireTenant());
            TempData["Status"] = localizer["{0} notification(s) queued again: they go out in a moment.", queued].Value;
        }
        else
        {
            TempData["Error"] = localizer["Nothing to retry: no failed notification left."].Value;
        }
        return RedirectToPage("/Settings/Notifications");
    }

    public async Task<IActionResult> OnPostSummaryAsync()
    {
        // Only the hour is posted by this form (the pacing fields belong to the other one).
        if (ModelState.GetFieldValidationState(nameof(SummaryHour)) == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
        {
            TempData["Error"] = localizer["Choose an hour from the list."].Value;
            return RedirectToPage("/Settings/Notifications");
        }
        var store = await db.CurrentTenantAsync(HttpContext.RequestAborted);
        if (store.MorningSummaryHour != SummaryHour)
        {
            activity.Record(ActivityKind.NotificationSettingsChanged, null, ActivityLog.Fields(["Morning summary"]));
        }
        store.ScheduleMorningSummary(SummaryHour);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        TempData["Status"] = (SummaryHour is { } hour
            ? localizer["The morning summary goes out every day at {0:00}:00 (store time) to the members who asked for it in Team.", hour]
            : localizer["The morning summary is off."]).Value;
        return RedirectToPage("/Settings/Notifications");
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
        var message = await composer.TestEmailAsync(store.Name, me.Email!, record.Id, Languages.Culture(me.Language ?? store.Language));
        var (status, failure) = await TryAsync(senders.Email.IsConfigured, async () =>
        {
            await using var session = await senders.Email.OpenAsync(ct);
            await session.SendAsync(message, ct);
        });
        return await RecordAsync(record, status, failure, me.Email!);
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
        var (status, failure) = await TryAsync(senders.Sms.IsConfigured, () =>
            senders.Sms.SendAsync(me.PhoneNumber, localizer["{0}: test SMS from CodRocket Stock. Alerts reach you.", store.Name].Value, ct));
        return await RecordAsync(record, status, failure, me.PhoneNumber);
    }

    private static async Task<(NotificationStatus, DeliveryFailure?)> TryAsync(bool configured, Func<Task> send)
    {
        if (!configured)
        {
            return (NotificationStatus.Logged, null);
        }
        try
        {
            await send();
            return (NotificationStatus.Sent, null);
        }
        catch (Exception e)
        {
            return (NotificationStatus.Failed, DeliveryFailure.Of(e));
        }
    }

    private async Task<IActionResult> RecordAsync(Notification record, NotificationStatus status, DeliveryFailure? failure, string recipient)
    {
        record.RecordImmediate(status, failure, status == NotificationStatus.Logged ? "Not configured: logged, not sent." : null, clock.GetUtcNow());
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
                TempData["Error"] = localizer["The test to {0} failed: {1}", recipient, localizer[FailureText.Reason(failure!.Reason)].Value].Value;
                break;
        }
        return RedirectToPage("/Settings/Notifications");
    }

    public sealed record Row(
        Guid Id, DateTimeOffset At, NotificationKind Kind, NotificationChannel Channel, string Recipient, NotificationStatus Status,
        int Attempts, FailureReason? Failure, DateTimeOffset? SentAt, string? Sku, Guid? ProductId, bool InSummary);

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
