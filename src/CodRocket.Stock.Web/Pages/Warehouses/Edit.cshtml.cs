using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Warehouses;

/// <summary>Owners and Managers only: Staff manage products and stock, not the places it is kept.</summary>
[Authorize(Policy = StockWebExtensions.ManageStorePolicy)]
public sealed class EditModel(StockDbContext db, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public WarehouseInput Input { get; set; } = new();

    public Warehouse Warehouse { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await FindAsync(id) is not { } warehouse)
        {
            return NotFound();
        }
        Warehouse = warehouse;
        Input = new WarehouseInput { Code = warehouse.Code, Name = warehouse.Name, City = warehouse.City };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await FindAsync(id) is not { } warehouse)
        {
            return NotFound();
        }
        Warehouse = warehouse;
        var code = Warehouse.NormalizeCode(Input.Code ?? "");
        if (ModelState.IsValid && await db.Warehouses.AnyAsync(w => w.Code == code && w.Id != id, ct))
        {
            ModelState.AddModelError("Input.Code", localizer["Another warehouse already uses the code {0}.", code]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        warehouse.Update(code, Input.Name, Input.City);
        if (!await db.TrySaveUniqueAsync(ct))
        {
            ModelState.AddModelError("Input.Code", localizer["Another warehouse already uses the code {0}.", code]);
            return Page();
        }
        TempData["Status"] = localizer["Warehouse {0} saved.", warehouse.Name].Value;
        return RedirectToPage("/Warehouses/Index");
    }

    public Task<IActionResult> OnPostDeactivateAsync(Guid id) => SetActiveAsync(id, false);

    public Task<IActionResult> OnPostActivateAsync(Guid id) => SetActiveAsync(id, true);

    private async Task<IActionResult> SetActiveAsync(Guid id, bool active)
    {
        if (await FindAsync(id) is not { } warehouse)
        {
            return NotFound();
        }
        if (!active && this.Unconfirmed(localizer["Deactivate warehouse {0}?", warehouse.Name],
                localizer["An inactive warehouse keeps its stock and history but receives no stock and takes no new orders. You can still count or transfer its stock out."],
                localizer["Deactivate {0}", warehouse.Name], Url.Page("/Warehouses/Edit", new { id })!) is { } ask)
        {
            return ask;
        }
        if (active)
        {
            warehouse.Activate();
        }
        else
        {
            warehouse.Deactivate();
        }
        await db.SaveChangesAsync(HttpContext.RequestAborted);
        TempData["Status"] = (active
            ? localizer["Warehouse {0} is active again.", warehouse.Name]
            : localizer["Warehouse {0} is deactivated: it receives no stock and takes no orders.", warehouse.Name]).Value;
        return RedirectToPage("/Warehouses/Index");
    }

    private Task<Warehouse?> FindAsync(Guid id) =>
        db.Warehouses.SingleOrDefaultAsync(w => w.Id == id, HttpContext.RequestAborted);
}
