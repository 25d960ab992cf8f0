using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Web.Infrastructure;
using CodRocket.Stock.Web.Localization;
using CodRocket.Stock.Web.Operations;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Inventory.Products;

/// <summary>
/// One bulk action, import or revert as a whole: what it changed, product by product, and "Revert this change" (see
/// <see cref="ChangeRevert"/> for what a revert does and leaves alone). After a revert, the products it skipped are
/// listed here, each with a link to its history.
/// </summary>
// A revert of up to 100,000 products outlasts the default request timeout, like the bulk action it puts back.
[RequestTimeout(OperationsSetup.LongRequests)]
public sealed class ChangeModel(StockDbContext db, ChangeRevert revert, IStringLocalizer<SharedResource> localizer) : PageModel
{
    private const int PerPage = 50;
    /// <summary>Products not put back, listed after a revert; the count says how many more there are.</summary>
    public const int SkippedShown = 100;

    [BindProperty(SupportsGet = true, Name = PageInfo.QueryKey)]
    public int? PageNumber { get; set; }

    public SettingChangeBatch Change { get; private set; } = null!;
    public string? By { get; private set; }
    public int Products { get; private set; }
    public StoreTime Time { get; private set; } = null!;
    public IReadOnlyList<ProductRow> Rows { get; private set; } = [];
    public PageInfo Paging { get; private set; } = PageInfo.For(1, 0);
    /// <summary>The revert that put this change back, if any.</summary>
    public RevertInfo? RevertedBy { get; private set; }
    /// <summary>For a revert: the change it put back.</summary>
    public SettingChangeBatch? Original { get; private set; }
    public IReadOnlyList<SkippedProduct> Skipped { get; private set; } = [];
    public int SkippedTotal { get; private set; }

    public bool CanRevert => !Change.IsRevert && RevertedBy is null && Products > 0;

    public sealed record ProductRow(Guid ProductId, string Sku, string Name, SettingHistory.Row Change);

    public sealed record RevertInfo(Guid Id, DateTimeOffset At, string? By, int Products, int SkippedChanged, int SkippedArchived);

    public sealed record SkippedProduct(Guid Id, string Sku, string Name, bool Archived);

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.SettingChangeBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct) is not { } change)
        {
            return NotFound();
        }
        Change = change;
        Time = new StoreTime((await db.CurrentTenantAsync(ct)).TimeZone);
        By = await UserNameAsync(change.UserId, ct);
        var rows = db.SettingChanges.AsNoTracking().Where(c => c.BatchId == id);
        Products = await rows.Select(c => c.ProductId).Distinct().CountAsync(ct);
        Paging = PageInfo.For(PageNumber, await rows.CountAsync(ct), PerPage);
        Rows = await rows
            .Join(db.Products, c => c.ProductId, p => p.Id, (c, p) => new { c, p.Sku, p.Name })
            .OrderBy(x => x.Sku).ThenBy(x => x.c.Id)
            .Skip(Paging.Skip).Take(Paging.PageSize)
            .Select(x => new ProductRow(x.c.ProductId, x.Sku, x.Name, new SettingHistory.Row(
                x.c.ChangedAt, x.c.Field,
                db.Warehouses.Where(w => w.Id == x.c.WarehouseId).Select(w => w.Code).FirstOrDefault(),
                x.c.OldValue, x.c.NewValue, x.c.Source, null, null)))
            .ToListAsync(ct);
        if (change.RevertsId is { } originalId)
        {
            Original = await db.SettingChangeBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == originalId, ct);
        }
        if (await db.SettingChangeBatches.AsNoTracking().SingleOrDefaultAsync(b => b.RevertsId == id, ct) is { } reverted)
        {
            var putBack = db.SettingChanges.Where(c => c.BatchId == reverted.Id).Select(c => c.ProductId);
            RevertedBy = new RevertInfo(reverted.Id, reverted.CreatedAt, await UserNameAsync(reverted.UserId, ct),
                await putBack.Distinct().CountAsync(ct), reverted.SkippedChanged, reverted.SkippedArchived);
            var skipped = db.Products.AsNoTracking()
                .Where(p => rows.Any(c => c.ProductId == p.Id) && !putBack.Contains(p.Id));
            SkippedTotal = await skipped.CountAsync(ct);
            Skipped = await skipped.OrderBy(p => p.Sku).Take(SkippedShown)
                .Select(p => new SkippedProduct(p.Id, p.Sku, p.Name, p.IsArchived)).ToListAsync(ct);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostRevertAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        // Another store's change is not found before anything is asked.
        if (!await db.SettingChangeBatches.AnyAsync(b => b.Id == id, ct))
        {
            return NotFound();
        }
        if (this.Unconfirmed(localizer["Revert this change?"],
                localizer["Every product it changed goes back to its settings from before, and its alerts are evaluated at once. Products whose settings changed again since are skipped and listed."],
                localizer["Revert this change"], Url.Page("/Inventory/Products/Change", new { id })!) is { } ask)
        {
            return ask;
        }
        switch (await revert.RevertAsync(id, ct))
        {
            case RevertResult.NotFound:
                return NotFound();
            case RevertResult.IsARevert:
                TempData["Error"] = localizer["This change is itself a revert: it cannot be reverted."].Value;
                break;
            case RevertResult.AlreadyReverted:
                TempData["Error"] = localizer["This change was reverted already: a change is reverted only once, and nothing was changed again."].Value;
                break;
            case RevertResult.Reverted done:
                var message = localizer["Change reverted: {0, plural, one {# product is back to its earlier settings} other {# products are back to their earlier settings}}."]
                    .Plural(done.Products);
                if (done.SkippedChanged > 0)
                {
                    message += " " + localizer["{0, plural, one {# product was skipped because its settings changed again since: it is listed below} other {# products were skipped because their settings changed again since: they are listed below}}."]
                        .Plural(done.SkippedChanged);
                }
                if (done.SkippedArchived > 0)
                {
                    message += " " + localizer["{0, plural, one {# archived product was skipped} other {# archived products were skipped}}."].Plural(done.SkippedArchived);
                }
                if (done.Alerts is { Opened: > 0 } or { Resolved: > 0 })
                {
                    message += " " + localizer["Alerts: {0} opened, {1} resolved.", done.Alerts.Opened.ToString("N0"), done.Alerts.Resolved.ToString("N0")].Value;
                }
                TempData["Status"] = message;
                break;
        }
        return RedirectToPage("/Inventory/Products/Change", new { id });
    }

    private async Task<string?> UserNameAsync(Guid? userId, CancellationToken ct) =>
        userId is null ? null : await db.Users.Where(u => u.Id == userId).Select(u => u.FullName).FirstOrDefaultAsync(ct);
}
