using CodRocket.Stock.Alerts;
using CodRocket.Stock.Data;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Onboarding;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Infrastructure;
using CodRocket.Stock.Web.Pages.Inventory.Alerts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Pages;

public sealed class IndexModel(StockDbContext db, StockForecasts forecasts, ITenantContext tenant, TimeProvider clock, IAuthorizationService authorization)
    : PageModel
{
    private const int AlertsOnCard = 8;

    public IReadOnlyList<AlertRow> Alerts { get; private set; } = [];
    /// <summary>Days left and reorder quantity of each alert's scope on the card, by alert id.</summary>
    public IReadOnlyDictionary<Guid, Forecast> Forecasts { get; private set; } = new Dictionary<Guid, Forecast>();
    public int OpenAlerts { get; private set; }
    public int LowStock { get; private set; }
    public int NeedingAttention { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public string HomeUrl => Url.Page("/Index")!;
    public int BackorderedOrders { get; private set; }
    public int OversoldProducts { get; private set; }
    public int OutOfStock { get; private set; }
    public IReadOnlyList<MovementRow> RecentMovements { get; private set; } = [];
    public StoreTime Time { get; private set; } = null!;
    /// <summary>A new store's first steps, for the members who can take them all (owner, managers); null once closed.</summary>
    public FirstRunChecklist? FirstRun { get; private set; }
    /// <summary>The signed-in member's address while it is not confirmed: no alert e-mail goes to it yet.</summary>
    public string? UnconfirmedEmail { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var store = await db.CurrentTenantAsync(ct);
        Time = new StoreTime(store.TimeZone);
        Now = clock.GetUtcNow();
        if (await CanManageStoreAsync())
        {
            FirstRun = await FirstRunChecklist.ForStoreAsync(db, store, Now, ct);
        }
        UnconfirmedEmail = await db.Users.Where(u => u.Id == tenant.UserId && !u.EmailConfirmed).Select(u => u.Email).SingleOrDefaultAsync(ct);
        var open = db.StockAlerts.AsNoTracking().Where(a => a.ResolvedAt == null);
        // Counted from the open alerts (partial indexes), never by summing stock: the dashboard must stay fast for
        // stores with a hundred thousand products.
        var counts = await open
            .GroupBy(a => new { ProductWide = a.WarehouseId == null, a.Level })
            .Select(g => new { g.Key.ProductWide, g.Key.Level, Count = g.Count() })
            .ToListAsync(ct);
        OpenAlerts = counts.Sum(c => c.Count);
        // Every scope (product totals and single warehouses), by current level: the alert list under the cards and
        // the alerts page they link to count the same alerts.
        OutOfStock = counts.Where(c => c.Level == AlertLevel.Out).Sum(c => c.Count);
        LowStock = counts.Where(c => c.Level == AlertLevel.Low).Sum(c => c.Count);
        var needingAttention = open.Where(StockAlert.NeedingAttention(Now));
        NeedingAttention = await needingAttention.CountAsync(ct);
        AlertBadgeViewComponent.Remember(HttpContext, NeedingAttention);
        var newest = needingAttention.OrderByDescending(a => a.OpenedAt).ThenBy(a => a.Id).Take(AlertsOnCard);
        Alerts = await AlertRow.Project(newest, db, store.DefaultLowStockThreshold).ToListAsync(ct);
        Forecasts = await forecasts.ForAlertsAsync(Alerts.Select(a => a.Id).ToList(), ct);
        // Both through small partial indexes (ix_orders_waiting_on_backorder, ix_stock_levels_oversold).
        BackorderedOrders = await db.Orders.CountAsync(o => o.IsBackordered && (o.Status == OrderStatus.New || o.Status == OrderStatus.Confirmed), ct);
        OversoldProducts = await db.StockLevels.Where(s => s.Available < 0).Select(s => s.ProductId).Distinct().CountAsync(ct);
        // What moved on the shelves: reservations and releases (orders setting units aside) would fill the card with
        // changes of nothing on hand; they show on each product's page.
        RecentMovements = await db.StockMovements.AsNoTracking()
            .Where(m => m.OnHandDelta != 0)
            .OrderByDescending(m => m.Id)
            .Take(8)
            .Select(m => new MovementRow(
                m.CreatedAt,
                m.ProductId,
                db.Products.Where(p => p.Id == m.ProductId).Select(p => p.Sku).First(),
                db.Products.Where(p => p.Id == m.ProductId).Select(p => p.Name).First(),
                db.Warehouses.Where(w => w.Id == m.WarehouseId).Select(w => w.Code).First(),
                m.Type,
                m.OnHandDelta,
                m.ReservedDelta))
            .ToListAsync(ct);
    }

    /// <summary>The checklist's "Dismiss": gone for the whole store, for good.</summary>
    public async Task<IActionResult> OnPostDismissFirstRunAsync()
    {
        if (!await CanManageStoreAsync())
        {
            return Forbid();
        }
        await FirstRunChecklist.CloseAsync(db, tenant.RequireTenant(), clock.GetUtcNow(), HttpContext.RequestAborted);
        return RedirectToPage("/Index");
    }

    // Settings (team, notifications) are theirs: the checklist's last steps lead there.
    private async Task<bool> CanManageStoreAsync() =>
        (await authorization.AuthorizeAsync(User, StockWebExtensions.ManageStorePolicy)).Succeeded;

    public sealed record MovementRow(DateTimeOffset At, Guid ProductId, string Sku, string Name, string WarehouseCode, MovementType Type, int Change, int ReservedChange);
}
