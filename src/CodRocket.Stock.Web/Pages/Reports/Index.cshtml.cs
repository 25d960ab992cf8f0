using System.Globalization;
using CodRocket.Stock.Data;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Web.Infrastructure;
using CodRocket.Stock.Web.Operations;
using CsvHelper;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Reports;

/// <summary>
/// The stock report: which products run out first, when, and what threshold each should have. Query-string values
/// that make no sense fall back to the defaults (a hand-edited link shows the report, never an error).
/// </summary>
// CSV downloads, imports and bulk changes of up to 100,000 products outlast the default request timeout.
[RequestTimeout(OperationsSetup.LongRequests)]
public sealed class IndexModel(StockDbContext db, StockReport report, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public const int MaxSearchLength = 200;

    [BindProperty(SupportsGet = true)] public string? View { get; set; }
    [BindProperty(SupportsGet = true)] public string? Warehouse { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dir { get; set; }
    [BindProperty(SupportsGet = true, Name = PageInfo.QueryKey)] public int? PageNumber { get; set; }

    public StockReportQuery Query { get; private set; } = new();
    public StockReportPage Report { get; private set; } = null!;
    public PageInfo Paging { get; private set; } = PageInfo.For(1, 0);
    public IReadOnlyList<(Guid Id, string Code, string Name)> Warehouses { get; private set; } = [];
    public string? SearchMessage { get; private set; }
    public bool ByWarehouse => Query.View == ReportView.Warehouse;
    public bool IsFiltered => Query.WarehouseId is not null || Query.Status is not null || !string.IsNullOrWhiteSpace(Q);

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Query = await ReadQueryAsync(ct);
        Report = await report.RunAsync(Query with { Offset = (Math.Clamp(PageNumber ?? 1, 1, 100_000) - 1) * PageInfo.DefaultPageSize }, ct);
        Paging = PageInfo.For(PageNumber, Report.Total);
        if (Report.Rows.Count == 0 && Report.Total > 0)
        {
            Report = await report.RunAsync(Query with { Offset = Paging.Skip }, ct);
        }
    }

    public async Task<IActionResult> OnGetCsvAsync()
    {
        var ct = HttpContext.RequestAborted;
        Query = await ReadQueryAsync(ct);
        var all = await report.RunAsync(Query with { Offset = 0, Limit = null }, ct);
        var file = $"stock-report-{all.Calendar.Today:yyyy-MM-dd}.csv";
        await CsvDownload.StartAsync(Response, file, ct);
        // Names are merchant input: a leading = + - @ is escaped so a spreadsheet never runs it as a formula.
        await using var csv = CsvWriter.Create(Response.Body,
            new CsvWriterOptions { Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture }, true);
        csv.WriteHeader(CsvHeader);
        foreach (var row in all.Rows)
        {
            var f = row.Forecast;
            object?[] fields =
            [
                row.Sku, row.Name, row.WarehouseCode ?? "", row.Inputs.OnHand, row.Inputs.Available, row.Inputs.Threshold,
                f.Suggestion.Value, row.Inputs.Sold, decimal.Round(f.Velocity, 3), f.DaysLeft is { } d ? decimal.Round(d, 1) : null,
                f.StockOutDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), f.ThresholdDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                f.StockToSales is { } r ? decimal.Round(r, 2) : null, row.Status.ToString(), f.ReorderQuantity,
            ];
            foreach (var field in fields)
            {
                csv.WriteField(field);
            }
            await csv.EndRecordAsync(ct);
        }
        await csv.FlushAsync(ct);
        return new EmptyResult();
    }

    /// <summary>The link that sorts by <paramref name="sort"/>: ascending first, descending when already ascending.</summary>
    public string SortLink(ReportSort sort)
    {
        var descending = Query.Sort == sort && !Query.Descending;
        return Link(new() { ["sort"] = Slug(sort), ["dir"] = descending ? "desc" : "asc", [PageInfo.QueryKey] = null });
    }

    public string CsvLink => Link(new() { ["handler"] = "csv", [PageInfo.QueryKey] = null });

    public string Link(Dictionary<string, string?> changes)
    {
        var values = Request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in changes)
        {
            values[key] = value;
        }
        return Url.Page("/Reports/Index", new RouteValueDictionary(values.Where(v => !string.IsNullOrEmpty(v.Value))))!;
    }

    public static string Slug(ReportSort sort) => sort.ToString().ToLowerInvariant();

    private async Task<StockReportQuery> ReadQueryAsync(CancellationToken ct)
    {
        Warehouses = (await db.Warehouses.AsNoTracking().OrderBy(w => w.Code).Select(w => new { w.Id, w.Code, w.Name }).ToListAsync(ct))
            .Select(w => (w.Id, w.Code, w.Name)).ToList();
        Guid? warehouse = Guid.TryParse(Warehouse, out var id) && Warehouses.Any(w => w.Id == id) ? id : null;
        var view = warehouse is not null || string.Equals(View, "warehouse", StringComparison.OrdinalIgnoreCase) ? ReportView.Warehouse : ReportView.Product;
        StockStatus? status = Enum.TryParse<StockStatus>(Status, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;
        var sort = Enum.TryParse<ReportSort>(Sort, ignoreCase: true, out var so) && Enum.IsDefined(so) ? so : ReportSort.DaysLeft;
        if (sort == ReportSort.Warehouse && view == ReportView.Product)
        {
            sort = ReportSort.DaysLeft;
        }
        string? pattern = null;
        if (Q is { Length: > MaxSearchLength })
        {
            SearchMessage = localizer["Search for at most {0} characters.", MaxSearchLength];
        }
        else if (!string.IsNullOrWhiteSpace(Q))
        {
            pattern = SearchPattern.Contains(Q);
        }
        return new StockReportQuery(view, warehouse, status, pattern, sort, string.Equals(Dir, "desc", StringComparison.OrdinalIgnoreCase),
            0, PageInfo.DefaultPageSize);
    }

    private static readonly string[] CsvHeader =
    [
        "sku", "name", "warehouse", "on_hand", "available", "threshold", "suggested_threshold", "sold_in_window", "velocity_per_day",
        "days_left", "stock_out_date", "threshold_date", "stock_to_sales", "status", "reorder_quantity",
    ];
}
