using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Pages.Inventory.Products;

public sealed class DetailsModel(StockDbContext db) : PageModel
{
    private const int MovementsPerPage = 20;
    private const int ChangesShown = 8;

    [BindProperty(SupportsGet = true, Name = PageInfo.QueryKey)]
    public int? PageNumber { get; set; }

    public Product Product { get; private set; } = null!;
    public Tenant Store { get; private set; } = null!;
    public StoreTime Time { get; private set; } = null!;
    public IReadOnlyList<LevelRow> Levels { get; private set; } = [];
    public IReadOnlyList<MovementRow> Movements { get; private set; } = [];
    public PageInfo MovementPaging { get; private set; } = PageInfo.For(1, 0);
    public IReadOnlyList<SettingHistory.Row> Changes { get; private set; } = [];
    public int ChangeCount { get; private set; }

    public int OnHand => Levels.Sum(l => l.OnHand);
    public int Reserved => Levels.Sum(l => l.Reserved);
    public int Available => Levels.Sum(l => l.Available);
    public int Backordered => Levels.Sum(l => l.Backordered);
    public int? EffectiveThreshold => Product.LowStockThreshold ?? Store.DefaultLowStockThreshold;
    public StockStatus Status => StockStatusRule.Of(Available, EffectiveThreshold, Levels.Any(l => l.Stocked));

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) is not { } product)
        {
            return NotFound();
        }
        Product = product;
        Store = await db.CurrentTenantAsync(ct);
        Time = new StoreTime(Store.TimeZone);

        Levels = await db.StockLevels.AsNoTracking()
            .Where(s => s.ProductId == id)
            .Join(db.Warehouses, s => s.WarehouseId, w => w.Id, (s, w) => new { s, w })
            .OrderBy(x => x.w.Code)
            .Select(x => new LevelRow(x.w.Id, x.w.Code, x.w.Name, x.w.IsActive, x.s.OnHand, x.s.Reserved, x.s.Available, x.s.Backordered, x.s.LowStockThreshold, x.s.Stocked))
            .ToListAsync(ct);

        var movements = db.StockMovements.AsNoTracking().Where(m => m.ProductId == id);
        MovementPaging = PageInfo.For(PageNumber, await movements.CountAsync(ct), MovementsPerPage);
        Movements = await movements
            .OrderByDescending(m => m.Id)
            .Skip(MovementPaging.Skip).Take(MovementPaging.PageSize)
            .Select(m => new MovementRow(
                m.CreatedAt,
                db.Warehouses.Where(w => w.Id == m.WarehouseId).Select(w => w.Code).First(),
                m.Type, m.OnHandDelta, m.ReservedDelta, m.OnHandAfter, m.Reason, m.Note,
                db.Users.Where(u => u.Id == m.UserId).Select(u => u.FullName).FirstOrDefault(),
                db.ApiKeys.Where(k => k.Id == m.ApiKeyId).Select(k => k.Name).FirstOrDefault()))
            .ToListAsync(ct);

        var changes = SettingHistory.Of(db, id);
        ChangeCount = await changes.CountAsync(ct);
        Changes = ChangeCount == 0 ? [] : await SettingHistory.PageAsync(db, changes, 0, ChangesShown, ct);
        return Page();
    }

    public sealed record LevelRow(Guid WarehouseId, string Code, string Name, bool Active, int OnHand, int Reserved, int Available, int Backordered, int? Threshold, bool Stocked)
    {
        public StockStatus Status => StockStatusRule.Of(Available, Threshold, Stocked);
    }

    public sealed record MovementRow(
        DateTimeOffset At, string WarehouseCode, MovementType Type, int Change, int ReservedChange, int OnHandAfter, string? Reason, string? Note, string? By,
        string? ApiKey);
}
