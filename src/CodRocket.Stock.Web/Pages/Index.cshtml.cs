using CodRocket.Stock.Alerts;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Web.Infrastructure;
using CodRocket.Stock.Web.Pages.Inventory.Alerts;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Pages;

public sealed class IndexModel(StockDbContext db, TimeProvider clock) : PageModel
{
    private const int AlertsOnCard = 8;

    public IReadOnlyList<AlertRow> Alerts { get; private set; } = [];
    public int OpenAlerts { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public string HomeUrl => "/";
    public int Products { get; private set; }
    public int Warehouses { get; private set; }
    public long UnitsAvailable { get; private set; }
    public IReadOnlyList<MovementRow> RecentMovements { get; private set; } = [];
    public StoreTime Time { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var store = await db.CurrentTenantAsync(ct);
        Time = new StoreTime(store.TimeZone);
        Now = clock.GetUtcNow();
        var open = db.StockAlerts.AsNoTracking().Where(a => a.ResolvedAt == null);
        OpenAlerts = await open.CountAsync(ct);
        var firstOnCard = open
            .OrderBy(a => a.AcknowledgedAt != null || a.SnoozedUntil > Now)
            .ThenByDescending(a => a.Level == AlertLevel.Out).ThenByDescending(a => a.OpenedAt).ThenBy(a => a.Id)
            .Take(AlertsOnCard);
        Alerts = await AlertRow.Project(firstOnCard, db, store.DefaultLowStockThreshold).ToListAsync(ct);
        Products = await db.Products.CountAsync(p => !p.IsArchived, ct);
        Warehouses = await db.Warehouses.CountAsync(w => w.IsActive, ct);
        UnitsAvailable = await db.StockLevels.SumAsync(s => (long)(s.OnHand - s.Reserved), ct);
        RecentMovements = await db.StockMovements.AsNoTracking()
            .OrderByDescending(m => m.Id)
            .Take(8)
            .Select(m => new MovementRow(
                m.CreatedAt,
                m.ProductId,
                db.Products.Where(p => p.Id == m.ProductId).Select(p => p.Sku).First(),
                db.Products.Where(p => p.Id == m.ProductId).Select(p => p.Name).First(),
                db.Warehouses.Where(w => w.Id == m.WarehouseId).Select(w => w.Code).First(),
                m.Type,
                m.OnHandDelta))
            .ToListAsync(ct);
    }

    public sealed record MovementRow(DateTimeOffset At, Guid ProductId, string Sku, string Name, string WarehouseCode, MovementType Type, int Change);
}
