using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Infrastructure;
using CodRocket.Stock.Web.Operations;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Inventory.Products;

/// <summary>
/// Bulk Actions on the product list: the list posts its ticked ids, or "all matching" with its filter; this page asks
/// for the value, previews the effect, then applies it. The selection is read again at each step from the
/// tenant-filtered products, so an id of another store never matches anything.
/// </summary>
// CSV downloads, imports and bulk changes of up to 100,000 products outlast the default request timeout.
[RequestTimeout(OperationsSetup.LongRequests)]
public sealed class BulkModel(StockDbContext db, BulkProductChange bulk, IStringLocalizer<SharedResource> localizer) : PageModel
{
    /// <summary>Ticked ids come from one page of the list; more than this is not a browser's doing.</summary>
    public const int MaxTicked = 1_000;

    [BindProperty]
    public ProductFilterInput Filter { get; set; } = new();

    [BindProperty]
    public List<Guid> Ids { get; set; } = [];

    /// <summary>All products matching <see cref="Filter"/> rather than <see cref="Ids"/>.</summary>
    [BindProperty]
    public bool All { get; set; }

    /// <summary>The chosen menu entry (<see cref="BulkMenu"/>).</summary>
    [BindProperty(Name = "bulk")]
    public string? Action { get; set; }

    [BindProperty]
    public BulkInput Input { get; set; } = new();

    public BulkPreview? Preview { get; private set; }
    public int Selected { get; private set; }
    public IReadOnlyList<(Guid Id, string Code, string Name)> Warehouses { get; private set; } = [];
    public Tenant Store { get; private set; } = null!;

    public IActionResult OnGet() => RedirectToPage("/Inventory/Products/Index");

    /// <summary>From the list's Bulk Actions menu: the form, with the preview at once when there is nothing to ask.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        ModelState.Clear();
        if (await PrepareAsync() is { } back)
        {
            return back;
        }
        return BulkInput.NeedsInput(Action) ? Page() : await OnPostPreviewAsync();
    }

    public async Task<IActionResult> OnPostPreviewAsync()
    {
        if (await PrepareAsync() is { } back)
        {
            return back;
        }
        if (ToAction() is { } action)
        {
            Preview = await bulk.PreviewAsync(await SelectionAsync(), action, HttpContext.RequestAborted);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync()
    {
        if (await PrepareAsync() is { } back)
        {
            return back;
        }
        if (ToAction() is not { } action)
        {
            return Page();
        }
        var result = await bulk.ApplyAsync(await SelectionAsync(), action, HttpContext.RequestAborted);
        var warehouse = Warehouses.FirstOrDefault(w => w.Id == action.WarehouseId).Code;
        var policy = action.Policy is { } p ? localizer[PolicyText.Name(p)].Value : localizer["Store default"].Value;
        TempData["Status"] = BulkInput.Confirmation(action, result, warehouse, policy, localizer);
        if (result is { Changed: > 0, ChangeId: { } change })
        {
            TempData["StatusChange"] = change.ToString();
        }
        return RedirectToPage("/Inventory/Products/Index", Filter.RouteValues());
    }

    private BulkAction? ToAction() =>
        Input.ToAction(Action, Warehouses.Select(w => w.Id).ToHashSet(), ModelState, localizer);

    /// <summary>Loads what the page shows; sends the merchant back to the list when there is nothing to act on.</summary>
    private async Task<IActionResult?> PrepareAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (BulkMenu.Items.FirstOrDefault(i => i.Value == Action) is not { Available: true })
        {
            TempData["Error"] = localizer["Choose an action from the Bulk Actions menu."].Value;
            return RedirectToPage("/Inventory/Products/Index", Filter.RouteValues());
        }
        Store = await db.CurrentTenantAsync(ct);
        Warehouses = (await db.Warehouses.AsNoTracking().OrderBy(w => w.Code).Select(w => new { w.Id, w.Code, w.Name }).ToListAsync(ct))
            .Select(w => (w.Id, w.Code, w.Name)).ToList();
        Selected = await (await SelectionAsync()).CountAsync(ct);
        if (Selected == 0)
        {
            TempData["Error"] = localizer["Select at least one product for a bulk action."].Value;
            return RedirectToPage("/Inventory/Products/Index", Filter.RouteValues());
        }
        return null;
    }

    private async Task<IQueryable<Product>> SelectionAsync()
    {
        if (All)
        {
            var filter = await Filter.ToFilterAsync(db, HttpContext.RequestAborted);
            return filter.Apply(db, (await db.CurrentTenantAsync(HttpContext.RequestAborted)).DefaultLowStockThreshold);
        }
        var ids = Ids.Distinct().Take(MaxTicked).ToList();
        return db.Products.Where(p => ids.Contains(p.Id));
    }
}
