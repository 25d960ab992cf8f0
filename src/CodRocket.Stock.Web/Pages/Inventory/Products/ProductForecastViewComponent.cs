using CodRocket.Stock.Data;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Pages.Inventory.Products;

/// <summary>
/// The product page's forecast: days left, stock-out and threshold dates, the suggested threshold with its arithmetic
/// and an Apply button (overall and per warehouse), and the chart of daily stock and sales over the window. A view
/// component so the page model stays about stock; it reads its warehouse choice from the query string.
/// </summary>
public sealed class ProductForecastViewComponent(StockDbContext db, StockForecasts forecasts) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid productId)
    {
        var ct = HttpContext.RequestAborted;
        var store = await db.CurrentTenantAsync(ct);
        var calendar = await forecasts.CalendarAsync(ct);
        var overall = (await forecasts.ForProductsAsync([productId], calendar, ct))[productId];
        var codes = await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Code, ct);
        var warehouses = (await forecasts.ForWarehousesAsync([productId], calendar, ct))
            .Select(w => (Code: codes.GetValueOrDefault(w.WarehouseId!.Value, "?"), Scope: w))
            .OrderBy(w => w.Code, StringComparer.Ordinal)
            .ToList();
        Guid? chartWarehouse = Guid.TryParse(Request.Query["warehouse"], out var id) && warehouses.Any(w => w.Scope.WarehouseId == id) ? id : null;
        var series = await forecasts.DailySeriesAsync(productId, chartWarehouse, calendar, store.TimeZone, ct);
        var threshold = chartWarehouse is null ? overall.Inputs.Threshold : warehouses.First(w => w.Scope.WarehouseId == chartWarehouse).Scope.Inputs.Threshold;
        return View(new ProductForecastModel(productId, calendar, overall, warehouses, chartWarehouse, new StockChart(series, threshold)));
    }
}

public sealed record ProductForecastModel(
    Guid ProductId,
    ForecastCalendar Calendar,
    ScopeForecast Overall,
    IReadOnlyList<(string Code, ScopeForecast Scope)> Warehouses,
    Guid? ChartWarehouse,
    StockChart Chart);

public sealed record SuggestionRowModel(Guid ProductId, Guid? WarehouseId, string Label, ScopeForecast Scope);
