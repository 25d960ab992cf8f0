using CodRocket.Stock.Catalog;
using CodRocket.Stock.Catalog.Csv;
using CodRocket.Stock.Data;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Web.Infrastructure;
using CodRocket.Stock.Web.Operations;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Pages.Inventory.Products;

// CSV downloads, imports and bulk changes of up to 100,000 products outlast the default request timeout.
[RequestTimeout(OperationsSetup.LongRequests)]
public sealed class IndexModel(StockDbContext db, StockForecasts forecasts) : PageModel
{
    /// <summary>Bound from q, warehouse, status, sms and archived (no prefix).</summary>
    [BindProperty(SupportsGet = true)]
    public ProductFilterInput Filter { get; set; } = new();

    /// <summary>sku, name, onhand, available, daysleft or status; anything else is by name.</summary>
    [BindProperty(SupportsGet = true, Name = SortableHeader.SortKey)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = SortableHeader.DescendingKey)]
    public bool Descending { get; set; }

    public string SortColumn => Sort is "sku" or "onhand" or "available" or "daysleft" or "status" ? Sort : "name";

    [BindProperty(SupportsGet = true, Name = PageInfo.QueryKey)]
    public int? PageNumber { get; set; }

    public IReadOnlyList<Row> Products { get; private set; } = [];
    public IReadOnlyList<WarehouseOption> Warehouses { get; private set; } = [];
    public PageInfo Paging { get; private set; } = PageInfo.For(1, 0);
    public int? StoreDefaultThreshold { get; private set; }
    public bool StoreHasProducts { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var store = await db.CurrentTenantAsync(ct);
        StoreDefaultThreshold = store.DefaultLowStockThreshold;
        Currency = store.Currency;
        Warehouses = await db.Warehouses.AsNoTracking().OrderBy(w => w.Code).Select(w => new WarehouseOption(w.Code, w.Name)).ToListAsync(ct);

        var filter = await Filter.ToFilterAsync(db, ct);
        var query = filter.Apply(db, StoreDefaultThreshold).AsNoTracking();
        Paging = PageInfo.For(PageNumber, await query.CountAsync(ct));
        StoreHasProducts = Paging.Total > 0 || await db.Products.AnyAsync(ct);
        var calendar = await forecasts.CalendarAsync(ct);
        var (first, today, windowDays, storeDefault) = (calendar.Window.First, calendar.Today, calendar.Window.Days, StoreDefaultThreshold);
        // Every order ends on the id, so a page always holds the same products.
        IQueryable<Product> sorted = (SortColumn, Descending) switch
        {
            ("sku", false) => query.OrderBy(p => p.Sku).ThenBy(p => p.Id),
            ("sku", true) => query.OrderByDescending(p => p.Sku).ThenBy(p => p.Id),
            ("onhand", false) => query.OrderBy(p => db.StockLevels.Where(s => s.ProductId == p.Id).Sum(s => s.OnHand)).ThenBy(p => p.Id),
            ("onhand", true) => query.OrderByDescending(p => db.StockLevels.Where(s => s.ProductId == p.Id).Sum(s => s.OnHand)).ThenBy(p => p.Id),
            ("available", false) => query.OrderBy(p => db.StockLevels.Where(s => s.ProductId == p.Id).Sum(s => s.Available)).ThenBy(p => p.Id),
            ("available", true) => query.OrderByDescending(p => db.StockLevels.Where(s => s.ProductId == p.Id).Sum(s => s.Available)).ThenBy(p => p.Id),
            ("status", var descending) => query.OrderByUrgency(
                p => db.StockLevels.Where(s => s.ProductId == p.Id).Sum(s => s.Available),
                p => p.LowStockThreshold ?? storeDefault,
                p => db.StockLevels.Any(s => s.ProductId == p.Id && s.Stocked),
                descending).ThenBy(p => p.Sku).ThenBy(p => p.Id),
            ("daysleft", var descending) => query.OrderByDaysLeft(
                p => db.StockLevels.Where(s => s.ProductId == p.Id).Sum(s => s.Available),
                p => db.DailySales.Where(d => d.ProductId == p.Id && d.Day >= first && d.Day <= today).Sum(d => d.Units),
                windowDays, descending).ThenBy(p => p.Sku).ThenBy(p => p.Id),
            (_, true) => query.OrderByDescending(p => p.Name).ThenBy(p => p.Id),
            _ => query.OrderBy(p => p.Name).ThenBy(p => p.Id),
        };
        Products = await sorted
            .Skip(Paging.Skip).Take(Paging.PageSize)
            .Select(p => new Row(
                p.Id, p.Sku, p.Name, p.LowStockThreshold, p.SmsAlerts,
                db.StockLevels.Where(s => s.ProductId == p.Id).Sum(s => s.OnHand),
                db.StockLevels.Where(s => s.ProductId == p.Id).Sum(s => s.Available),
                db.StockLevels.Any(s => s.ProductId == p.Id && s.Stocked), p.Price))
            .ToListAsync(ct);
        if (filter.WarehouseId is { } warehouseId)
        {
            // Filtered to a warehouse, the rows show that warehouse: its stock, its threshold, its status.
            InWarehouse = true;
            var ids = Products.Select(p => p.Id).ToList();
            var levels = await db.StockLevels.AsNoTracking().Where(s => s.WarehouseId == warehouseId && ids.Contains(s.ProductId))
                .ToDictionaryAsync(s => s.ProductId, ct);
            Products = [.. Products.Select(p => levels.GetValueOrDefault(p.Id) is { } s
                ? p with { Threshold = s.LowStockThreshold, OnHand = s.OnHand, Available = s.Available, Stocked = s.Stocked }
                : p with { Threshold = null, OnHand = 0, Available = 0, Stocked = false })];
            DaysLeft = (await forecasts.ForWarehousesAsync(ids, calendar, ct))
                .Where(f => f.WarehouseId == warehouseId).ToDictionary(f => f.ProductId, f => f.Forecast);
        }
        else
        {
            DaysLeft = (await forecasts.ForProductsAsync(Products.Select(p => p.Id).ToList(), calendar, ct))
                .ToDictionary(f => f.Key, f => f.Value.Forecast);
        }
    }

    /// <summary>The forecast of each row's scope (the product overall, or in the filtered warehouse), by product id.</summary>
    public IReadOnlyDictionary<Guid, Forecast> DaysLeft { get; private set; } = new Dictionary<Guid, Forecast>();

    /// <summary>The rows show one warehouse's stock and threshold (no store default applies there).</summary>
    public bool InWarehouse { get; private set; }

    /// <summary>
    /// The products of the current filter as a products CSV (the format the import reads back), streamed. The handler
    /// writes the body itself, so it answers <see cref="EmptyResult"/>: a <c>Task</c> handler would let the page render
    /// after the file ("Headers are read-only") and the download would abort.
    /// </summary>
    public async Task<IActionResult> OnGetExportAsync([FromServices] ProductCsvExport export)
    {
        var ct = HttpContext.RequestAborted;
        var storeDefault = (await db.CurrentTenantAsync(ct)).DefaultLowStockThreshold;
        var products = (await Filter.ToFilterAsync(db, ct)).Apply(db, storeDefault);
        await CsvDownload.StartAsync(Response, $"products-{DateTime.UtcNow:yyyy-MM-dd}.csv", ct);
        await export.WriteAsync(products, Response.Body, ct);
        return new EmptyResult();
    }

    public StockStatus StatusOf(Row row) => StockStatusRule.Of(row.Available, InWarehouse ? row.Threshold : row.Threshold ?? StoreDefaultThreshold, row.Stocked);

    public sealed record Row(Guid Id, string Sku, string Name, int? Threshold, bool SmsAlerts, int OnHand, int Available, bool Stocked, decimal? Price);

    /// <summary>The store's currency: the prices are in it.</summary>
    public string Currency { get; private set; } = global::CodRocket.Stock.Tenancy.Currencies.Default;

    public sealed record WarehouseOption(string Code, string Name);
}
