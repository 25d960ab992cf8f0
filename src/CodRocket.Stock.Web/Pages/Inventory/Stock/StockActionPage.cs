using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Inventory.Stock;

public sealed record WarehouseOption(Guid Id, string Code, string Name, bool Active, int OnHand, int Available)
{
    public string Label => $"{Code} — {Name}";
}

/// <summary>
/// What Receive, Adjust and Transfer share: the product (404 when it is not this store's), its warehouses with
/// their current stock, and the merchant wording of a ledger refusal.
/// </summary>
public abstract class StockActionPage(StockDbContext db, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public Product Product { get; private set; } = null!;
    public IReadOnlyList<WarehouseOption> Warehouses { get; private set; } = [];

    protected IStringLocalizer<SharedResource> L => localizer;

    protected StockDbContext Db => db;

    protected async Task<bool> LoadAsync(Guid productId)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Id == productId, ct) is not { } product)
        {
            return false;
        }
        Product = product;
        Warehouses = await db.Warehouses.AsNoTracking()
            .OrderBy(w => w.Code)
            .Select(w => new WarehouseOption(
                w.Id, w.Code, w.Name, w.IsActive,
                db.StockLevels.Where(s => s.ProductId == productId && s.WarehouseId == w.Id).Sum(s => s.OnHand),
                db.StockLevels.Where(s => s.ProductId == productId && s.WarehouseId == w.Id).Sum(s => s.Available)))
            .ToListAsync(ct);
        return true;
    }

    protected WarehouseOption? Warehouse(Guid? id) => Warehouses.FirstOrDefault(w => w.Id == id);

    protected IActionResult Done(string message)
    {
        TempData["Status"] = message;
        return RedirectToPage("/Inventory/Products/Details", new { id = Product.Id });
    }

    protected string Describe(StockRefusal refusal)
    {
        var code = Warehouse(refusal.WarehouseId)?.Code ?? "?";
        return refusal.Reason switch
        {
            StockRefusalReason.InsufficientStock =>
                L["Only {0} available in {1}: cannot take {2}.", refusal.Available.ToString("N0"), code, refusal.Requested.ToString("N0")],
            StockRefusalReason.InactiveWarehouse => L["{0} is inactive: it cannot receive stock.", code],
            StockRefusalReason.UnknownWarehouse => L["Choose a warehouse."],
            StockRefusalReason.StockLimitReached =>
                L["A product holds at most {0} units in one warehouse and {1} in all: this would pass that limit.",
                    StockLimits.MaxStock.ToString("N0"), StockLimits.MaxProductStock.ToString("N0")],
            _ => L["This product no longer exists."],
        };
    }
}
