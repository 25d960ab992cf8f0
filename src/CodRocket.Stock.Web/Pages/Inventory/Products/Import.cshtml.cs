using CodRocket.Stock.Catalog.Csv;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Operations;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Inventory.Products;

/// <summary>
/// Products CSV import: upload → dry run (every problem, or what would change) → Apply. The file waits in the
/// database between the two steps, and Apply checks it again against the store as it is then.
/// </summary>
// A little above the file limit, so that a file just over it gets the page's message rather than a 413.
// CSV downloads, imports and bulk changes of up to 100,000 products outlast the default request timeout.
[RequestTimeout(OperationsSetup.LongRequests)]
[RequestSizeLimit(ProductCsv.MaxBytes + (1 << 20))]
[RequestFormLimits(MultipartBodyLengthLimit = ProductCsv.MaxBytes + (1 << 20))]
public sealed class ImportModel(
    StockDbContext db, ProductImport import, ITenantContext tenant, TimeProvider clock, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public Guid? FileId { get; set; }

    public ImportCheck? Check { get; private set; }
    public string? FileName { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostCheckAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), localizer["Choose a CSV file to upload."]);
            return Page();
        }
        if (Upload.Length > ProductCsv.MaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), localizer["The file is larger than {0} MB: split it into several files.", ProductCsv.MaxBytes >> 20]);
            return Page();
        }
        var content = new byte[Upload.Length];
        await using (var stream = Upload.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, ct);
        }
        var now = clock.GetUtcNow();
        var stale = now - ProductImportFile.KeptFor;
        await db.ProductImportFiles.Where(f => f.UploadedAt < stale).ExecuteDeleteAsync(ct);
        // A new dry run replaces the same person's earlier one; the store's pending files share a quota.
        await db.ProductImportFiles.Where(f => f.UploadedBy == tenant.UserId).ExecuteDeleteAsync(ct);
        var pending = await db.ProductImportFiles.SumAsync(f => (long)f.Content.Length, ct);
        if (pending + content.Length > ProductImportFile.StoreQuotaBytes)
        {
            ModelState.AddModelError(nameof(Upload), localizer[
                "Your team's other imports waiting to be applied already take {0} MB of the store's {1} MB: apply or redo them, or try again tomorrow.",
                (pending >> 20).ToString("N0"), ProductImportFile.StoreQuotaBytes >> 20]);
            return Page();
        }
        var file = new ProductImportFile(Upload.FileName, content, tenant.UserId, now);
        db.ProductImportFiles.Add(file);
        await db.SaveChangesAsync(ct);

        (FileId, FileName) = (file.Id, file.FileName);
        Check = await import.CheckAsync(content, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync()
    {
        var ct = HttpContext.RequestAborted;
        var file = FileId is { } id ? await db.ProductImportFiles.SingleOrDefaultAsync(f => f.Id == id, ct) : null;
        if (file is null)
        {
            ModelState.AddModelError(nameof(Upload), localizer["This upload has expired: upload the file again."]);
            return Page();
        }
        var result = await import.ApplyAsync(file.Content, file.FileName, ct);
        if (!result.Applied)
        {
            // The store changed since the dry run (a product renamed, a warehouse removed): show why, apply nothing.
            (Check, FileName) = (result.Check, file.FileName);
            return Page();
        }
        db.ProductImportFiles.Remove(file);
        await db.SaveChangesAsync(ct);
        var summary = result.Check.Summary!;
        var message = summary.ChangesNothing
            ? localizer["{0}: your products already match the file; nothing changed.", file.FileName].Value
            : localizer["{0} imported: {1} products updated ({2} settings), {3} stock counts adjusted.", file.FileName,
                summary.ProductsChanging.ToString("N0"), summary.SettingsChanging.ToString("N0"), summary.StockCountsChanging.ToString("N0")].Value;
        if (summary.ProductsCreating > 0)
        {
            message += " " + localizer["{0} new products created.", summary.ProductsCreating.ToString("N0")].Value;
        }
        if (result.Alerts is { Opened: > 0 } or { Resolved: > 0 })
        {
            message += " " + localizer["Alerts: {0} opened, {1} resolved.", result.Alerts.Opened.ToString("N0"), result.Alerts.Resolved.ToString("N0")].Value;
        }
        TempData["Status"] = message;
        if (summary.SettingsChanging > 0 && result.ChangeId is { } change)
        {
            // Settings can be put back as one change (its stock counts and new products stay: see ChangeRevert).
            TempData["StatusChange"] = change.ToString();
        }
        return RedirectToPage("/Inventory/Products/Index");
    }
}
