using CodRocket.Stock.Alerts;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Infrastructure;
using CodRocket.Stock.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Inventory.Alerts;

public sealed class IndexModel(
    StockDbContext db, TimeProvider clock, ITenantContext tenant, IStringLocalizer<SharedResource> localizer, StockForecasts forecasts) : PageModel
{
    public const string ProductWideScope = "all-warehouses";
    public static readonly IReadOnlyList<int> SnoozeHours = [1, 4, 24, 72, 168];

    [BindProperty(SupportsGet = true)]
    public bool History { get; set; }

    /// <summary>Empty: every scope; <see cref="ProductWideScope"/>: product-wide alerts; else a warehouse id.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Scope { get; set; }

    [BindProperty(SupportsGet = true)]
    public AlertLevel? Level { get; set; }

    /// <summary>Part of the product's SKU or name.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>opened, level or daysleft; anything else is the default order, what needs attention first.</summary>
    [BindProperty(SupportsGet = true, Name = SortableHeader.SortKey)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = SortableHeader.DescendingKey)]
    public bool Descending { get; set; }

    public string? SortColumn => Sort is "opened" or "level" or "daysleft" ? Sort : null;

    [BindProperty(SupportsGet = true, Name = PageInfo.QueryKey)]
    public int? PageNumber { get; set; }

    public IReadOnlyList<AlertRow> Alerts { get; private set; } = [];

    /// <summary>The forecast of each alert's scope on the page, by alert id.</summary>
    public IReadOnlyDictionary<Guid, Forecast> Forecasts { get; private set; } = new Dictionary<Guid, Forecast>();
    public PageInfo Paging { get; private set; } = PageInfo.For(1, 0);
    public int OpenCount { get; private set; }
    public IReadOnlyList<(Guid Id, string Code, string Name)> Warehouses { get; private set; } = [];
    public StoreTime Time { get; private set; } = null!;
    public DateTimeOffset Now { get; private set; }
    public bool IsFiltered => !string.IsNullOrEmpty(Scope) || Level is not null || !string.IsNullOrWhiteSpace(Q);

    /// <summary>At most this many alerts in one bulk action: a page's worth, and then some.</summary>
    public const int BulkLimit = 200;

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var store = await db.CurrentTenantAsync(ct);
        Time = new StoreTime(store.TimeZone);
        Now = clock.GetUtcNow();
        Warehouses = (await db.Warehouses.AsNoTracking().OrderBy(w => w.Code).Select(w => new { w.Id, w.Code, w.Name }).ToListAsync(ct))
            .Select(w => (w.Id, w.Code, w.Name)).ToList();
        OpenCount = await db.StockAlerts.CountAsync(a => a.ResolvedAt == null, ct);

        var alerts = db.StockAlerts.AsNoTracking().Where(a => History ? a.ResolvedAt != null : a.ResolvedAt == null);
        if (Scope == ProductWideScope)
        {
            alerts = alerts.Where(a => a.WarehouseId == null);
        }
        else if (Guid.TryParse(Scope, out var warehouseId))
        {
            alerts = alerts.Where(a => a.WarehouseId == warehouseId);
        }
        if (Level is { } level)
        {
            alerts = alerts.Where(a => a.Level == level);
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            if (Q.Length > ProductFilter.SearchMaxLength)
            {
                alerts = alerts.Where(a => false);
            }
            else
            {
                var pattern = ProductFilter.ContainsPattern(Q);
                alerts = alerts.Where(a => EF.Functions.ILike(a.Product.Name, pattern, @"\")
                    || EF.Functions.ILike(EF.Functions.Collate(a.Product.Sku, "default"), pattern, @"\"));
            }
        }
        Paging = PageInfo.For(PageNumber, await alerts.CountAsync(ct));
        var calendar = await forecasts.CalendarAsync(ct);
        var (first, today, windowDays) = (calendar.Window.First, calendar.Today, calendar.Window.Days);
        // Every order ends on the id, so a page always holds the same alerts.
        IQueryable<StockAlert> ordered = (SortColumn, Descending, History) switch
        {
            // Days left in the alert's scope: the product overall, or in the alert's warehouse.
            ("daysleft", var descending, _) => alerts.OrderByDaysLeft(
                a => db.StockLevels.Where(s => s.ProductId == a.ProductId && (a.WarehouseId == null || s.WarehouseId == a.WarehouseId))
                    .Sum(s => s.Available),
                a => db.DailySales.Where(d => d.ProductId == a.ProductId && (a.WarehouseId == null || d.WarehouseId == a.WarehouseId)
                    && d.Day >= first && d.Day <= today).Sum(d => d.Units),
                windowDays, descending).ThenBy(a => a.Id),
            ("opened", false, _) => alerts.OrderBy(a => a.OpenedAt).ThenBy(a => a.Id),
            ("opened", true, _) => alerts.OrderByDescending(a => a.OpenedAt).ThenBy(a => a.Id),
            ("level", false, _) => alerts.OrderBy(a => a.Level == AlertLevel.Out).ThenByDescending(a => a.OpenedAt).ThenBy(a => a.Id),
            ("level", true, _) => alerts.OrderByDescending(a => a.Level == AlertLevel.Out).ThenByDescending(a => a.OpenedAt).ThenBy(a => a.Id),
            (_, _, true) => alerts.OrderByDescending(a => a.ResolvedAt).ThenBy(a => a.Id),
            _ => alerts.OrderByDescending(StockAlert.NeedingAttention(Now))
                .ThenByDescending(a => a.Level == AlertLevel.Out).ThenByDescending(a => a.OpenedAt).ThenBy(a => a.Id),
        };
        Alerts = await AlertRow.Project(ordered.Skip(Paging.Skip).Take(Paging.PageSize), db, store.DefaultLowStockThreshold)
            .ToListAsync(ct);
        if (!History)
        {
            Forecasts = await forecasts.ForAlertsAsync(Alerts.Select(a => a.Id).ToList(), calendar, ct);
        }
    }

    public Task<IActionResult> OnPostAcknowledgeAsync(Guid id, string? returnUrl) =>
        ActAsync(id, returnUrl, (alert, now) => alert.Acknowledge(tenant.UserId, now),
            alert => localizer["Alert for {0} acknowledged: it stays open until stock is back above the threshold.", alert.Product.Sku]);

    public async Task<IActionResult> OnPostSnoozeAsync(Guid id, int? hours, string? returnUrl)
    {
        if (await FindAsync(id) is not { } alert)
        {
            return NotFound();
        }
        if (hours is not { } h || !SnoozeHours.Contains(h))
        {
            TempData["Error"] = localizer["Choose how long to snooze the alert."].Value;
            return Back(returnUrl);
        }
        var now = clock.GetUtcNow();
        var until = now.AddHours(h);
        if (alert.Snooze(tenant.UserId, until, now))
        {
            await db.SaveChangesAsync(HttpContext.RequestAborted);
            var store = await db.CurrentTenantAsync(HttpContext.RequestAborted);
            TempData["Status"] = localizer["Alert for {0} snoozed until {1}.", alert.Product.Sku, new StoreTime(store.TimeZone).Format(until)].Value;
        }
        return Back(returnUrl);
    }

    public Task<IActionResult> OnPostUnacknowledgeAsync(Guid id, string? returnUrl) =>
        ActAsync(id, returnUrl, (alert, now) => alert.Unacknowledge(tenant.UserId, now),
            alert => localizer["Alert for {0} needs attention again: it is back in the badge.", alert.Product.Sku]);

    public Task<IActionResult> OnPostUnsnoozeAsync(Guid id, string? returnUrl) =>
        ActAsync(id, returnUrl, (alert, now) => alert.Unsnooze(tenant.UserId, now), alert => localizer["Snooze ended for {0}.", alert.Product.Sku]);

    /// <summary>One person's action on one alert of this store (404 for any other): saved and told when it changed something.</summary>
    private async Task<IActionResult> ActAsync(Guid id, string? returnUrl, Func<StockAlert, DateTimeOffset, bool> act, Func<StockAlert, LocalizedString> done)
    {
        if (await FindAsync(id) is not { } alert)
        {
            return NotFound();
        }
        if (act(alert, clock.GetUtcNow()))
        {
            await db.SaveChangesAsync(HttpContext.RequestAborted);
            TempData["Status"] = done(alert).Value;
        }
        return Back(returnUrl);
    }

    /// <summary>
    /// Acknowledges or snoozes the alerts ticked on the page. Ids of another store's alerts, or of alerts resolved
    /// meanwhile, are not found or change nothing; the message counts what did change.
    /// </summary>
    public async Task<IActionResult> OnPostBulkAsync(Guid[]? ids, string? bulkAction, int? hours, string? returnUrl)
    {
        var ct = HttpContext.RequestAborted;
        var chosen = (ids ?? []).Distinct().ToList();
        if (chosen.Count == 0)
        {
            TempData["Error"] = localizer["Tick the alerts to act on first."].Value;
            return Back(returnUrl);
        }
        if (chosen.Count > BulkLimit)
        {
            TempData["Error"] = localizer["Choose at most {0} alerts at a time.", BulkLimit].Value;
            return Back(returnUrl);
        }
        if (bulkAction is not ("acknowledge" or "snooze") || (bulkAction == "snooze" && (hours is not { } h || !SnoozeHours.Contains(h))))
        {
            TempData["Error"] = localizer["Choose what to do with the ticked alerts."].Value;
            return Back(returnUrl);
        }
        var now = clock.GetUtcNow();
        var alerts = await db.StockAlerts.Where(a => chosen.Contains(a.Id)).ToListAsync(ct);
        var changed = bulkAction == "acknowledge"
            ? alerts.Count(a => a.Acknowledge(tenant.UserId, now))
            : alerts.Count(a => a.Snooze(tenant.UserId, now.AddHours(hours!.Value), now));
        await db.SaveChangesAsync(ct);
        TempData["Status"] = (bulkAction == "acknowledge"
            ? localizer["{0, plural, one {# alert acknowledged.} other {# alerts acknowledged.}}"]
            : localizer["{0, plural, one {# alert snoozed.} other {# alerts snoozed.}}"]).Plural(changed);
        return Back(returnUrl);
    }

    private Task<StockAlert?> FindAsync(Guid id) =>
        db.StockAlerts.Include(a => a.Product).SingleOrDefaultAsync(a => a.Id == id, HttpContext.RequestAborted);

    private IActionResult Back(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage("/Inventory/Alerts/Index");
}
