using CodRocket.Stock.Data;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Pages.Orders;

public sealed class IndexModel(StockDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public OrderStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Warehouse { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Backordered { get; set; }

    /// <summary>number, date or status; anything else is the default, newest first.</summary>
    [BindProperty(SupportsGet = true, Name = SortableHeader.SortKey)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = SortableHeader.DescendingKey)]
    public bool Descending { get; set; }

    /// <summary>The column the list is sorted by, and how: newest first unless asked otherwise.</summary>
    public string SortColumn => Sort is "number" or "date" or "status" ? Sort : "date";
    public bool SortDescending => Sort is "number" or "date" or "status" ? Descending : true;

    [BindProperty(SupportsGet = true, Name = PageInfo.QueryKey)]
    public int? PageNumber { get; set; }

    public IReadOnlyList<Row> Orders { get; private set; } = [];
    public PageInfo Paging { get; private set; } = PageInfo.For(1, 0);
    public IReadOnlyList<(Guid Id, string Code)> Warehouses { get; private set; } = [];
    public StoreTime Time { get; private set; } = null!;
    public bool StoreHasOrders { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Time = new StoreTime((await db.CurrentTenantAsync(ct)).TimeZone);
        Warehouses = (await db.Warehouses.AsNoTracking().OrderBy(w => w.Code).Select(w => new { w.Id, w.Code }).ToListAsync(ct))
            .Select(w => (w.Id, w.Code)).ToList();

        var orders = db.Orders.AsNoTracking();
        if (Status is { } status)
        {
            orders = orders.Where(o => o.Status == status);
        }
        if (Warehouse is { } warehouse)
        {
            orders = orders.Where(o => o.WarehouseId == warehouse);
        }
        if (Backordered)
        {
            orders = orders.Where(o => o.IsBackordered && (o.Status == OrderStatus.New || o.Status == OrderStatus.Confirmed));
        }
        if (!string.IsNullOrWhiteSpace(Q) && Q.Length <= 200)
        {
            var term = Q.Trim().TrimStart('#');
            var pattern = SearchPattern.Contains(term);
            var number = long.TryParse(term, out var n) ? n : -1;
            orders = orders.Where(o => o.Number == number
                || EF.Functions.ILike(o.CustomerName, pattern, @"\")
                || EF.Functions.ILike(o.CustomerPhone, pattern, @"\")
                || EF.Functions.ILike(o.City, pattern, @"\")
                || (o.ExternalReference != null && EF.Functions.ILike(o.ExternalReference, pattern, @"\")));
        }
        Paging = PageInfo.For(PageNumber, await orders.CountAsync(ct));
        StoreHasOrders = Paging.Total > 0 || await db.Orders.AnyAsync(ct);
        // Each order ends on the number, unique in the store, so a page always holds the same orders.
        var sorted = (Sort, Descending) switch
        {
            ("number", false) => orders.OrderBy(o => o.Number),
            ("number", true) => orders.OrderByDescending(o => o.Number),
            ("date", false) => orders.OrderBy(o => o.CreatedAt).ThenBy(o => o.Number),
            ("status", false) => orders.OrderBy(o => o.Status).ThenByDescending(o => o.Number),
            ("status", true) => orders.OrderByDescending(o => o.Status).ThenByDescending(o => o.Number),
            _ => orders.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Number),
        };
        Orders = await sorted
            .Skip(Paging.Skip).Take(Paging.PageSize)
            .Select(o => new Row(
                o.Id, o.Number, o.CreatedAt, o.CustomerName, o.CustomerPhone, o.City,
                db.Warehouses.Where(w => w.Id == o.WarehouseId).Select(w => w.Code).First(),
                o.Lines.Count, o.Lines.Sum(l => l.Quantity), o.Status, o.IsBackordered, o.Lines.Sum(l => l.Oversold) > 0,
                o.Lines.Sum(l => l.Quantity * l.UnitPrice), o.Lines.All(l => l.UnitPrice != null), o.Currency))
            .ToListAsync(ct);
    }

    public sealed record Row(
        Guid Id, long Number, DateTimeOffset CreatedAt, string Customer, string Phone, string City, string Warehouse,
        int Lines, int Units, OrderStatus Status, bool Backordered, bool Oversold, decimal? Total, bool TotalComplete, string Currency);
}
