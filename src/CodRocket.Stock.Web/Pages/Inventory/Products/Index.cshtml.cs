using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Pages.Inventory.Products;

public sealed class IndexModel(StockDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Archived { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public IReadOnlyList<Row> Products { get; private set; } = [];
    public PageInfo Paging { get; private set; } = PageInfo.For(1, 0);
    public int? StoreDefaultThreshold { get; private set; }
    public bool StoreHasProducts { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        StoreDefaultThreshold = (await db.CurrentTenantAsync(ct)).DefaultLowStockThreshold;

        var query = db.Products.AsNoTracking().Where(p => p.IsArchived == Archived);
        if (!string.IsNullOrWhiteSpace(Q) && Q.Length <= 200)
        {
            var pattern = SearchPattern.Contains(Q);
            query = query.Where(p => EF.Functions.ILike(p.Name, pattern, @"\") || EF.Functions.ILike(p.Sku, pattern, @"\"));
        }
        Paging = PageInfo.For(PageNumber, await query.CountAsync(ct));
        StoreHasProducts = Paging.Total > 0 || await db.Products.AnyAsync(ct);
        Products = await query
            .OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Skip(Paging.Skip).Take(Paging.PageSize)
            .Select(p => new Row(
                p.Id, p.Sku, p.Name, p.LowStockThreshold, p.SmsAlerts,
                db.StockLevels.Where(s => s.ProductId == p.Id).Sum(s => s.OnHand),
                db.StockLevels.Where(s => s.ProductId == p.Id).Sum(s => s.OnHand - s.Reserved)))
            .ToListAsync(ct);
    }

    public StockStatus StatusOf(Row row) => StockStatusRule.Of(row.Available, row.Threshold ?? StoreDefaultThreshold);

    public sealed record Row(Guid Id, string Sku, string Name, int? Threshold, bool SmsAlerts, int OnHand, int Available);
}
