using CodRocket.Stock.Data;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Pages.Inventory.Products;

/// <summary>Every change to a product's Stock Settings: who, when, through which path, old → new.</summary>
public sealed class HistoryModel(StockDbContext db) : PageModel
{
    private const int PerPage = 50;

    [BindProperty(SupportsGet = true, Name = PageInfo.QueryKey)]
    public int? PageNumber { get; set; }

    public Guid ProductId { get; private set; }
    public string Sku { get; private set; } = "";
    public string Name { get; private set; } = "";
    public StoreTime Time { get; private set; } = null!;
    public IReadOnlyList<SettingHistory.Row> Changes { get; private set; } = [];
    public PageInfo Paging { get; private set; } = PageInfo.For(1, 0);

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Products.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.Sku, p.Name }).SingleOrDefaultAsync(ct) is not { } product)
        {
            return NotFound();
        }
        (ProductId, Sku, Name) = (id, product.Sku, product.Name);
        Time = new StoreTime((await db.CurrentTenantAsync(ct)).TimeZone);
        var changes = SettingHistory.Of(db, id);
        Paging = PageInfo.For(PageNumber, await changes.CountAsync(ct), PerPage);
        Changes = await SettingHistory.PageAsync(db, changes, Paging.Skip, Paging.PageSize, ct);
        return Page();
    }
}
