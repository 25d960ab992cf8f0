using CodRocket.Stock.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Pages.Warehouses;

public sealed class IndexModel(StockDbContext db) : PageModel
{
    public IReadOnlyList<Row> Warehouses { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Warehouses = await db.Warehouses.AsNoTracking()
            .OrderByDescending(w => w.IsActive).ThenBy(w => w.Code)
            .Select(w => new Row(
                w.Id, w.Code, w.Name, w.City, w.IsActive,
                db.StockLevels.Count(s => s.WarehouseId == w.Id && s.OnHand != 0),
                db.StockLevels.Where(s => s.WarehouseId == w.Id).Sum(s => (long)s.OnHand)))
            .ToListAsync(HttpContext.RequestAborted);
    }

    public sealed record Row(Guid Id, string Code, string Name, string? City, bool IsActive, int ProductsStocked, long UnitsOnHand);
}
