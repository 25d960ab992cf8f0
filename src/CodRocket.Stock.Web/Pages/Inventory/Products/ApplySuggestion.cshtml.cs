using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Forecasting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Inventory.Products;

/// <summary>
/// The product page's Apply button: sets the suggested threshold (overall, or for one warehouse) through the same
/// path as the product form (a <see cref="StockWork"/> with its settings audited), so the scope is evaluated at once and the change is
/// recorded in the product's settings history (origin: the product page). The suggestion is computed again here, never taken
/// from the form; if it moved since the page was shown (a sale in between), nothing changes and the page says so.
/// </summary>
public sealed class ApplySuggestionModel(
    StockDbContext db, StockForecasts forecasts, StockWorkFactory stockWork, TimeProvider clock, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public IActionResult OnGet(Guid id) => RedirectToPage("/Inventory/Products/Details", new { id });

    public async Task<IActionResult> OnPostAsync(Guid id, Guid? warehouseId, int? expected)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Products.SingleOrDefaultAsync(p => p.Id == id, ct) is not { } product)
        {
            return NotFound();
        }
        var back = RedirectToPage("/Inventory/Products/Details", null, new { id }, "forecast");
        if (!ModelState.IsValid)
        {
            // A warehouse or figure that is not one: change nothing rather than guess.
            TempData["Error"] = localizer["That request was not understood; nothing changed."].Value;
            return back;
        }
        var calendar = await forecasts.CalendarAsync(ct);
        var scope = warehouseId is { } wid
            ? (await forecasts.ForWarehousesAsync([id], calendar, ct)).FirstOrDefault(w => w.WarehouseId == wid)
            : (await forecasts.ForProductsAsync([id], calendar, ct))[id];
        if (scope?.Forecast.Suggestion.Value is not { } value)
        {
            TempData["Error"] = localizer["There is no suggestion to apply: set a supplier lead time first."].Value;
            return back;
        }
        if (value > StockLimits.MaxThreshold)
        {
            TempData["Error"] = localizer["The suggestion {0} is above the largest threshold, {1}: check the lead time, safety stock and seasonal factor.", value, StockLimits.MaxThreshold].Value;
            return back;
        }
        if (expected != value)
        {
            TempData["Error"] = localizer["The suggestion is now {0} (sales changed since the page was shown). Check it, then apply again.", value].Value;
            return back;
        }

        var now = clock.GetUtcNow();
        await using (var work = await stockWork.BeginAsync([id], ct))
        {
            await work.AuditSettingsAsync(ChangeOrigin.ProductPage, ct);
            if (warehouseId is { } warehouse)
            {
                await ProductForm.ApplyWarehouseThresholdsAsync(db, id, [new WarehouseThresholdInput { WarehouseId = warehouse, LowStockThreshold = value }], now, ct);
            }
            else
            {
                product.UpdateStockSettings(new ProductStockSettings(value, product.SmsAlerts, product.OutOfStockPolicy,
                    product.LeadTimeDays, product.SafetyStock, product.SeasonalFactor), now);
            }
            await db.SaveChangesAsync(ct);
            await work.CommitAsync(ct);
        }
        TempData["Status"] = (warehouseId is null
            ? localizer["Low Stock Alert of {0} set to the suggested {1}.", product.Sku, value]
            : localizer["Warehouse threshold of {0} set to the suggested {1}.", product.Sku, value]).Value;
        return back;
    }
}
