using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Pages.Inventory.Products;

/// <summary>
/// The product list's filter as it travels in query strings and forms (q, warehouse, status, sms, archived): the
/// list, "select all matching", the bulk page and the export all read it here and turn it into the one
/// <see cref="ProductFilter"/>. Values that make no sense select nothing rather than everything.
/// </summary>
public sealed class ProductFilterInput
{
    public string? Q { get; set; }

    /// <summary>A warehouse code.</summary>
    public string? Warehouse { get; set; }

    /// <summary>low, out, ok or oversold (available below zero in some warehouse: the dashboard's Oversold card).</summary>
    public string? Status { get; set; }

    /// <summary>on or off.</summary>
    public string? Sms { get; set; }

    public bool Archived { get; set; }

    public bool IsNarrowed =>
        !string.IsNullOrWhiteSpace(Q) || !string.IsNullOrEmpty(Warehouse) || !string.IsNullOrEmpty(Status) || !string.IsNullOrEmpty(Sms);

    public async Task<ProductFilter> ToFilterAsync(StockDbContext db, CancellationToken ct)
    {
        StockStatus? status = Status switch
        {
            null or "" => null,
            "low" => StockStatus.Low,
            "out" => StockStatus.Out,
            "ok" => StockStatus.Ok,
            "notstocked" => StockStatus.NotStocked,
            "oversold" => null,
            _ => (StockStatus)(-1),
        };
        bool? sms = Sms switch
        {
            null or "" => null,
            "on" => true,
            "off" => false,
            _ => null,
        };
        Guid? warehouseId = null;
        if (!string.IsNullOrWhiteSpace(Warehouse))
        {
            var code = global::CodRocket.Stock.Inventory.Warehouse.NormalizeCode(Warehouse);
            warehouseId = await db.Warehouses.Where(w => w.Code == code).Select(w => (Guid?)w.Id).SingleOrDefaultAsync(ct);
            if (warehouseId is null)
            {
                return ProductFilter.Nothing;
            }
        }
        var understood = (status is null || Enum.IsDefined(status.Value)) && (sms is not null || string.IsNullOrEmpty(Sms));
        return understood
            ? new ProductFilter(Q, warehouseId, status, sms, Archived, Oversold: Status == "oversold")
            : ProductFilter.Nothing with { Archived = Archived };
    }

    /// <summary>
    /// The filter as route values, the ones set only (<c>asp-all-route-data</c>, <c>RedirectToPage</c>): links back to
    /// the list and to the export keep it in their query string.
    /// </summary>
    public Dictionary<string, string> RouteValues()
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Add("q", string.IsNullOrWhiteSpace(Q) ? null : Q);
        Add("warehouse", Warehouse);
        Add("status", Status);
        Add("sms", Sms);
        Add("archived", Archived ? "true" : null);
        return values;

        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                values[key] = value;
            }
        }
    }
}
