using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Pages;

public sealed class IndexModel(StockDbContext db) : PageModel
{
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
