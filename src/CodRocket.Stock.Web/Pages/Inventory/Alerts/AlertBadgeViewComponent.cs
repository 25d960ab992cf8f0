using CodRocket.Stock.Alerts;
using CodRocket.Stock.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Pages.Inventory.Alerts;

/// <summary>
/// The number on the sidebar's Inventory entry: open alerts nobody acknowledged or snoozed. It renders on every
/// page, twice (the sidebar and the phone's top bar), so it is one count per request over the partial index
/// ix_stock_alerts_needing_attention — or none, when the page counted the same alerts already (the dashboard:
/// <see cref="Remember"/>).
/// </summary>
public sealed class AlertBadgeViewComponent(StockDbContext db, TimeProvider clock) : ViewComponent
{
    private static readonly object CountKey = new();

    /// <summary>A page that counted the alerts needing attention in this request hands the count to the badge.</summary>
    public static void Remember(HttpContext http, int needingAttention) => http.Items[CountKey] = needingAttention;

    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Content(string.Empty);
        }
        if (HttpContext.Items.TryGetValue(CountKey, out var known) && known is int counted)
        {
            return View(counted);
        }
        var now = clock.GetUtcNow();
        var count = await db.StockAlerts.CountAsync(StockAlert.NeedingAttention(now), HttpContext.RequestAborted);
        Remember(HttpContext, count);
        return View(count);
    }
}
