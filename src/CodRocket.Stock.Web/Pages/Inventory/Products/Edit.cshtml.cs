using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Inventory.Products;

public sealed class EditModel(
    StockDbContext db, StockWorkFactory stockWork, TimeProvider clock, IStringLocalizer<SharedResource> localizer)
    : PageModel
{
    [BindProperty]
    public ProductInput Input { get; set; } = new();

    public Product Product { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await FindAsync(id) is not { } product)
        {
            return NotFound();
        }
        Product = product;
        Input = new ProductInput { Sku = product.Sku, Name = product.Name, Price = product.Price, Settings = StockSettingsInput.From(product) };
        await ProductForm.PrepareAsync(db, Input, id, fromDatabase: true, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await FindAsync(id) is not { } product)
        {
            return NotFound();
        }
        Product = product;
        var sku = await ProductForm.CheckSkuAsync(db, ModelState, localizer, Input.Sku, id, ct);
        if (!ModelState.IsValid)
        {
            await ProductForm.PrepareAsync(db, Input, id, fromDatabase: false, ct);
            return Page();
        }

        var now = clock.GetUtcNow();
        // A changed threshold is evaluated at once: raising it above stock opens an alert, clearing it resolves one.
        // Every changed setting is recorded in the product's history.
        await using var work = await stockWork.BeginAsync([id], ct);
        await work.AuditSettingsAsync(ChangeOrigin.ProductPage, ct);
        product.ChangeSku(sku, now);
        product.Rename(Input.Name, now);
        product.UpdateStockSettings(Input.Settings.ToSettings(), now);
        product.SetPrice(Input.Price, now);
        await ProductForm.ApplyWarehouseThresholdsAsync(db, id, Input.Settings.Warehouses, now, ct);
        if (await db.TrySaveUniqueAsync(ct))
        {
            await work.CommitAsync(ct);
        }
        else
        {
            await work.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            ModelState.AddModelError("Input.Sku", localizer["Another product already uses the SKU {0}.", sku]);
            await ProductForm.PrepareAsync(db, Input, id, fromDatabase: false, ct);
            return Page();
        }
        TempData["Status"] = localizer["Product {0} saved.", product.Sku].Value;
        if (await LookAlikeSkus.FindAsync(db, product.Sku, product.Id, ct) is { } lookAlike)
        {
            TempData["Warning"] = localizer["The SKU {0} looks like the SKU {1} of another product: check that they are not the same product.", product.Sku, lookAlike].Value;
        }
        return RedirectToPage("/Inventory/Products/Details", new { id });
    }

    public Task<IActionResult> OnPostArchiveAsync(Guid id) => SetArchivedAsync(id, true);

    public Task<IActionResult> OnPostRestoreAsync(Guid id) => SetArchivedAsync(id, false);

    private async Task<IActionResult> SetArchivedAsync(Guid id, bool archived)
    {
        if (await FindAsync(id) is not { } product)
        {
            return NotFound();
        }
        if (archived && this.Unconfirmed(localizer["Archive {0}?", product.Sku],
                localizer["An archived product keeps its stock and history, but no longer alerts or takes orders."],
                localizer["Archive {0}", product.Sku], Url.Page("/Inventory/Products/Edit", new { id })!) is { } ask)
        {
            return ask;
        }
        var now = clock.GetUtcNow();
        // Archived products do not alert: archiving resolves their alerts, restoring evaluates them again.
        await using (var work = await stockWork.BeginAsync([id], HttpContext.RequestAborted))
        {
            if (archived)
            {
                product.Archive(now);
            }
            else
            {
                product.Restore(now);
            }
            await db.SaveChangesAsync(HttpContext.RequestAborted);
            await work.CommitAsync(HttpContext.RequestAborted);
        }
        TempData["Status"] = (archived
            ? localizer["Product {0} archived: it no longer alerts or takes orders.", product.Sku]
            : localizer["Product {0} restored.", product.Sku]).Value;
        return RedirectToPage("/Inventory/Products/Details", new { id });
    }

    private Task<Product?> FindAsync(Guid id) => db.Products.SingleOrDefaultAsync(p => p.Id == id, HttpContext.RequestAborted);
}
