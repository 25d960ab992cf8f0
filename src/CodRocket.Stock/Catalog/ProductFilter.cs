using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Catalog;

/// <summary>
/// The one definition of "the products matching this filter": the product list shows it, "select all matching"
/// and the bulk actions change it, the CSV export writes it, the API lists it. Built on the tenant-filtered DbSet,
/// so it never reaches another store's products.
/// </summary>
/// <param name="Search">Part of the name or SKU (case-insensitive; % and _ are taken literally).</param>
/// <param name="WarehouseId">Products with a stock row (stock or a threshold) in this warehouse.</param>
/// <param name="Status">The status of the scope the filter looks at, by the rule of <see cref="StockStatusRule.Of(int, int?, bool)"/>
/// and the alert rules: without a warehouse, total available against the product's Low Stock Alert, else the store
/// default; with a warehouse, that warehouse's available against that warehouse's threshold (a warehouse without one
/// is never low, as it never alerts). A scope that has never had stock is "not stocked yet", not out.</param>
/// <param name="SmsAlerts">Only products with SMS alerts on (true) or off (false).</param>
/// <param name="Oversold">Only products sold beyond their stock: available below zero in at least one warehouse.</param>
/// <param name="MatchesNothing">A filter built from input that could not be understood (an unknown warehouse, a
/// status that does not exist): it must never widen to "everything".</param>
public sealed record ProductFilter(
    string? Search = null,
    Guid? WarehouseId = null,
    StockStatus? Status = null,
    bool? SmsAlerts = null,
    bool Archived = false,
    bool MatchesNothing = false,
    bool Oversold = false)
{
    public const int SearchMaxLength = 200;

    public static readonly ProductFilter Nothing = new(MatchesNothing: true);

    public bool IsNarrowed => !string.IsNullOrWhiteSpace(Search) || WarehouseId is not null || Status is not null || SmsAlerts is not null || Oversold;

    /// <param name="storeDefaultThreshold">The store's default Low Stock Alert, for products without their own.</param>
    public IQueryable<Product> Apply(StockDbContext db, int? storeDefaultThreshold)
    {
        var query = db.Products.Where(p => p.IsArchived == Archived);
        if (MatchesNothing || Search is { Length: > SearchMaxLength })
        {
            return query.Where(p => false);
        }
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var pattern = ContainsPattern(Search);
            query = query.Where(p => EF.Functions.ILike(p.Name, pattern, @"\") || EF.Functions.ILike(EF.Functions.Collate(p.Sku, "default"), pattern, @"\"));
        }
        if (WarehouseId is { } warehouseId)
        {
            query = query.Where(p => db.StockLevels.Any(s => s.ProductId == p.Id && s.WarehouseId == warehouseId));
        }
        if (SmsAlerts is { } sms)
        {
            query = query.Where(p => p.SmsAlerts == sms);
        }
        if (Oversold)
        {
            query = query.Where(p => db.StockLevels.Any(s => s.ProductId == p.Id && s.Available < 0));
        }
        if (Status is { } status)
        {
            var scoped = WarehouseId is { } inWarehouse
                ? query.Select(p => new
                {
                    Product = p,
                    Available = db.StockLevels.Where(s => s.ProductId == p.Id && s.WarehouseId == inWarehouse).Sum(s => s.Available),
                    Threshold = db.StockLevels.Where(s => s.ProductId == p.Id && s.WarehouseId == inWarehouse).Select(s => s.LowStockThreshold).FirstOrDefault(),
                    Stocked = db.StockLevels.Any(s => s.ProductId == p.Id && s.WarehouseId == inWarehouse && s.Stocked),
                })
                : query.Select(p => new
                {
                    Product = p,
                    Available = db.StockLevels.Where(s => s.ProductId == p.Id).Sum(s => s.Available),
                    Threshold = p.LowStockThreshold ?? storeDefaultThreshold,
                    Stocked = db.StockLevels.Any(s => s.ProductId == p.Id && s.Stocked),
                });
            // "Out of stock" takes oversold products in too (below zero is out, and worse); the list has its own
            // Oversold filter for those alone.
            StockStatus[] statuses = status == StockStatus.Out ? [StockStatus.Out, StockStatus.Oversold] : [status];
            scoped = scoped.WhereStatus(x => x.Available, x => x.Threshold, x => x.Stocked, statuses);
            query = scoped.Select(x => x.Product);
        }
        return query;
    }

    /// <summary>An ILIKE pattern matching <paramref name="term"/> anywhere, with the user's % and _ taken literally.</summary>
    public static string ContainsPattern(string term) =>
        "%" + term.Trim().Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal) + "%";
}
