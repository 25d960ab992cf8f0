using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Orders;

public sealed class DetailsModel(StockDbContext db, OrderService orders, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public Order Order { get; private set; } = null!;
    public string WarehouseLabel { get; private set; } = "";
    public IReadOnlyList<LineRow> Lines { get; private set; } = [];
    public IReadOnlyList<EventRow> History { get; private set; } = [];
    public StoreTime Time { get; private set; } = null!;
    /// <summary>The name of the API key that placed the order (revoked or not); null when taken on the orders page.</summary>
    public string? PlacedViaApiKey { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Orders.AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == id, ct) is not { } order)
        {
            return NotFound();
        }
        Order = order;
        Time = new StoreTime((await db.CurrentTenantAsync(ct)).TimeZone);
        WarehouseLabel = await db.Warehouses.Where(w => w.Id == order.WarehouseId).Select(w => w.Code + " — " + w.Name).SingleAsync(ct);
        var productIds = order.Lines.Select(l => l.ProductId).ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => (p.Sku, p.Name), ct);
        Lines = order.Lines.OrderBy(l => l.LineNo)
            .Select(l => new LineRow(l.ProductId, products[l.ProductId].Sku, products[l.ProductId].Name, l.Quantity, l.Reserved, l.Backordered, l.Oversold, l.Shipped,
                l.UnitPrice, l.LineTotal))
            .ToList();
        PlacedViaApiKey = order.ApiKeyId is { } keyId ? await db.ApiKeys.Where(k => k.Id == keyId).Select(k => k.Name).FirstOrDefaultAsync(ct) : null;
        History = await db.OrderEvents.AsNoTracking().Where(e => e.OrderId == id).OrderBy(e => e.Id)
            .Select(e => new EventRow(e.Kind, e.At, e.Note, e.Units, db.Users.Where(u => u.Id == e.UserId).Select(u => u.FullName).FirstOrDefault(),
                db.ApiKeys.Where(k => k.Id == e.ApiKeyId).Select(k => k.Name).FirstOrDefault()))
            .ToListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostMoveAsync(Guid id, OrderStatus? to)
    {
        if (to is not { } next)
        {
            return BadRequest();
        }
        if (next is OrderStatus.Cancelled or OrderStatus.Returned)
        {
            if (await db.Orders.Where(o => o.Id == id).Select(o => (long?)o.Number).SingleOrDefaultAsync(HttpContext.RequestAborted) is not { } number)
            {
                return NotFound();
            }
            var back = Url.Page("/Orders/Details", new { id })!;
            var ask = next == OrderStatus.Cancelled
                ? this.Unconfirmed(localizer["Cancel order #{0}?", number], localizer["Its reserved units go back on sale and its backorders are dropped. A cancelled order cannot be reopened."],
                    localizer["Cancel order #{0}", number], back)
                : this.Unconfirmed(localizer["Mark order #{0} as returned?", number], localizer["Its shipped units come back into stock. A returned order cannot be reopened."],
                    localizer["Mark order #{0} returned", number], back);
            if (ask is not null)
            {
                return ask;
            }
        }
        switch (await orders.MoveAsync(id, next, HttpContext.RequestAborted))
        {
            case TransitionResult.NotFound:
                return NotFound();
            case TransitionResult.NotAllowed notAllowed:
                // Statuses in the reader's words; other arguments (counts) as they are.
                TempData["Error"] = localizer[notAllowed.Reason,
                    [.. notAllowed.Arguments.Select(a => a is OrderStatus s ? localizer[OrderText.Status(s)].Value : a)]].Value;
                break;
            case TransitionResult.StockRefused refused:
                TempData["Error"] = localizer["Only {0} × {1} on the shelf: receive stock before shipping {2}.",
                    refused.OnHand.ToString("N0"), refused.Sku, refused.Wanted.ToString("N0")].Value;
                break;
            case TransitionResult.StockLimitReached:
                TempData["Error"] = localizer["A product holds at most {0} units in one warehouse and {1} in all: this would pass that limit.",
                    StockLimits.MaxStock.ToString("N0"), StockLimits.MaxProductStock.ToString("N0")].Value;
                break;
            case TransitionResult.Done done:
                TempData["Status"] = localizer["Order #{0} is now {1}.", done.Order.Number, localizer[OrderText.Status(done.Order.Status)]].Value;
                break;
        }
        return RedirectToPage("/Orders/Details", new { id });
    }

    public sealed record LineRow(
        Guid ProductId, string Sku, string Name, int Quantity, int Reserved, int Backordered, int Oversold, int Shipped, decimal? UnitPrice, decimal? LineTotal);

    /// <summary>An amount in the order's currency, as the reader writes it.</summary>
    public string Money(decimal amount) => Prices.Format(amount, Order.Currency, System.Globalization.CultureInfo.CurrentCulture);

    public sealed record EventRow(OrderEventKind Kind, DateTimeOffset At, string? Note, int? Units, string? By, string? ApiKey);
}
