using CodRocket.Stock.Alerts;
using CodRocket.Stock.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Pages.Inventory.Alerts;

/// <summary>
/// The number on the sidebar's Inventory entry: open alerts nobody acknowledged or snoozed. It renders on every
/// page, so it is one count over the partial index ix_stock_alerts_badge.
/// </summary>
public sealed class AlertBadgeViewComponent(StockDbContext db, TimeProvider clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Content(string.Empty);
        }
        var now = clock.GetUtcNow();
        var count = await db.StockAlerts.CountAsync(StockAlert.NeedingAttention(now), HttpContext.RequestAborted);
        return View(count);
    }
}
