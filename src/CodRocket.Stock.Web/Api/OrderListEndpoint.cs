using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CodRocket.Stock.Data;
using CodRocket.Stock.Orders;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Api;

/// <param name="NextCursor">Send it as cursor for the next page; null on the last page. A later call with the last page's
/// cursor returns the orders changed since.</param>
public sealed record OrderPageResponse(IReadOnlyList<OrderResponse> Items, string? NextCursor);

/// <summary>
/// GET /orders for integrators: oldest change first (updatedAt, then number) with a cursor, so a storefront can page
/// through everything that changed since its last sync without skipping or repeating an order while others change.
/// </summary>
internal static class OrderListEndpoint
{
    public static void Map(RouteGroupBuilder orders) =>
        orders.MapGet("", ListAsync)
            .WithName("ListOrders").WithSummary("List orders by last change, filtered, with a cursor")
            .WithDescription("Orders sorted by updatedAt, oldest first. Filters: status (new, confirmed, shipped, delivered, cancelled, "
                + "returned), warehouse (code), externalReference (the storefront's order number), updatedSince (ISO 8601). "
                + "Page with limit (1 to 100, default 25) and the nextCursor of the previous page.")
            .Produces<OrderPageResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> ListAsync(
        string? status, string? warehouse, string? externalReference, DateTimeOffset? updatedSince, string? cursor, int? limit,
        StockDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Range("limit", limit, 1, ApiPaging.MaxPageSize);
        errors.Length("externalReference", externalReference, Order.ExternalReferenceMaxLength);
        OrderStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (Enum.TryParse<OrderStatus>(status, ignoreCase: true, out var parsed) && !char.IsAsciiDigit(status[0]))
            {
                wanted = parsed;
            }
            else
            {
                errors.Add("status", $"status is one of: {string.Join(", ", Enum.GetNames<OrderStatus>().Select(JsonNamingPolicy.CamelCase.ConvertName))}.");
            }
        }
        var after = Cursor.Parse(cursor);
        if (cursor is not null && after is null)
        {
            errors.Add("cursor", "cursor is the nextCursor of an earlier page, as given.");
        }
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var orders = db.Orders.AsNoTracking();
        if (wanted is { } only)
        {
            orders = orders.Where(o => o.Status == only);
        }
        if (!string.IsNullOrWhiteSpace(warehouse))
        {
            if (await WarehouseEndpoints.FindAsync(db, warehouse, ct) is not { } place)
            {
                return WarehouseEndpoints.NotFound(warehouse);
            }
            orders = orders.Where(o => o.WarehouseId == place.Id);
        }
        if (externalReference?.Trim() is { Length: > 0 } reference)
        {
            orders = orders.Where(o => o.ExternalReference == reference);
        }
        if (updatedSince is { } since)
        {
            var utc = since.ToUniversalTime();
            orders = orders.Where(o => o.UpdatedAt >= utc);
        }
        if (after is { } last)
        {
            // The first condition says nothing new; it gives the (tenant_id, updated_at, number) index where to start
            // (PostgreSQL draws no range from the OR alone, and read the store's orders from the first one).
            orders = orders.Where(o => o.UpdatedAt >= last.UpdatedAt
                && (o.UpdatedAt > last.UpdatedAt || (o.UpdatedAt == last.UpdatedAt && o.Number > last.Number)));
        }
        var size = limit ?? ApiPaging.DefaultPageSize;
        var page = await orders.OrderBy(o => o.UpdatedAt).ThenBy(o => o.Number).Take(size + 1)
            .Select(o => new
            {
                o.Id, o.Number, o.Status, o.IsBackordered, o.WarehouseId, o.CustomerName, o.CustomerPhone, o.City, o.Address,
                o.ExternalReference, o.CreatedAt, o.UpdatedAt, o.ApiKeyId, o.Currency,
            })
            .ToListAsync(ct);
        var more = page.Count > size;
        if (more)
        {
            page.RemoveAt(size);
        }
        var ids = page.Select(o => o.Id).ToList();
        var lines = (await db.OrderLines.AsNoTracking()
                .Where(l => ids.Contains(l.OrderId))
                .Join(db.Products, l => l.ProductId, p => p.Id, (l, p) => new
                {
                    l.OrderId,
                    Line = new OrderLineResponse(l.LineNo, p.Sku, p.Name, l.Quantity, l.Reserved, l.Backordered, l.Oversold, l.Shipped, l.UnitPrice),
                })
                .ToListAsync(ct))
            .ToLookup(l => l.OrderId, l => l.Line);
        var codes = await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Code, ct);
        var items = page.Select(o => OrderResponse.Of(o.Id, o.Number, o.Status, o.IsBackordered, codes[o.WarehouseId],
                new CustomerResponse(o.CustomerName, o.CustomerPhone, o.City, o.Address),
                o.ExternalReference, o.CreatedAt, o.UpdatedAt, lines[o.Id].OrderBy(l => l.Line).ToList(), o.ApiKeyId, o.Currency))
            .ToList();
        return TypedResults.Ok(new OrderPageResponse(items, more ? new Cursor(page[^1].UpdatedAt, page[^1].Number).ToString() : null));
    }

    /// <summary>Where a page ended: the last order's change time and number (unique per store), opaque to clients.</summary>
    private sealed record Cursor(DateTimeOffset UpdatedAt, long Number)
    {
        public override string ToString() =>
            Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{UpdatedAt.UtcTicks}.{Number}")));

        public static Cursor? Parse(string? text)
        {
            if (string.IsNullOrEmpty(text) || text.Length > 64 || !Base64Url.IsValid(text))
            {
                return null;
            }
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split('.');
            return parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    ? new Cursor(new DateTimeOffset(ticks, TimeSpan.Zero), number)
                    : null;
        }
    }
}
