using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Inventory.Products;

public sealed class CreateModel(
    StockDbContext db, StockWorkFactory stockWork, TimeProvider clock, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public ProductInput Input { get; set; } = new();

    public async Task OnGetAsync() =>
        await ProductForm.PrepareAsync(db, Input, productId: null, fromDatabase: true, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        var sku = await ProductForm.CheckSkuAsync(db, ModelState, localizer, Input.Sku, null, ct);
        if (!ModelState.IsValid)
        {
            await ProductForm.PrepareAsync(db, Input, productId: null, fromDatabase: false, ct);
            return Page();
        }

        var now = clock.GetUtcNow();
        var product = new Product(sku, Input.Name, now);
        product.UpdateStockSettings(Input.Settings.ToSettings(), now);
        product.SetPrice(Input.Price, now);
        // Created with its thresholds evaluated at once: a product created at its threshold alerts.
        await using var work = await stockWork.BeginAsync([product.Id], ct);
        db.Products.Add(product);
        await ProductForm.ApplyWarehouseThresholdsAsync(db, product.Id, Input.Settings.Warehouses, now, ct);
        if (await db.TrySaveUniqueAsync(ct))
        {
            await work.CommitAsync(ct);
        }
        else
        {
            await work.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            ModelState.AddModelError("Input.Sku", localizer["Another product already uses the SKU {0}.", sku]);
            await ProductForm.PrepareAsync(db, Input, productId: null, fromDatabase: false, ct);
            return Page();
        }
        TempData["Status"] = localizer["Product {0} created. Receive stock to start tracking it.", product.Sku].Value;
        if (await LookAlikeSkus.FindAsync(db, product.Sku, product.Id, ct) is { } lookAlike)
        {
            TempData["Warning"] = localizer["The SKU {0} looks like the SKU {1} of another product: check that they are not the same product.", product.Sku, lookAlike].Value;
        }
        return RedirectToPage("/Inventory/Products/Details", new { id = product.Id });
    }
}
