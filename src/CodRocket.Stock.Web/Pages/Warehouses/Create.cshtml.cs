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
public sealed class CreateModel(StockDbContext db, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public WarehouseInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var code = Warehouse.NormalizeCode(Input.Code ?? "");
        if (ModelState.IsValid && await db.Warehouses.AnyAsync(w => w.Code == code, ct))
        {
            ModelState.AddModelError("Input.Code", localizer["Another warehouse already uses the code {0}.", code]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var warehouse = new Warehouse(code, Input.Name, Input.City);
        db.Warehouses.Add(warehouse);
        if (!await db.TrySaveUniqueAsync(ct))
        {
            ModelState.AddModelError("Input.Code", localizer["Another warehouse already uses the code {0}.", code]);
            return Page();
        }
        TempData["Status"] = localizer["Warehouse {0} created.", warehouse.Name].Value;
        return RedirectToPage("/Warehouses/Index");
    }
}
