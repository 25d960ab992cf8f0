using System.Globalization;
using CodRocket.Stock.Catalog;

namespace CodRocket.Stock.Orders;

/// <param name="UnitPrice">The price the customer was sold one unit at (a storefront's own price, a discount); null: the
/// product's catalogue price when the order is taken.</param>
public sealed record OrderDraftLine(string Sku, int Quantity, decimal? UnitPrice = null);

/// <summary>An order as a person or an integration asks for it, before any check.</summary>
public sealed record OrderDraft(Guid? WarehouseId, OrderCustomer Customer, string? ExternalReference, IReadOnlyList<OrderDraftLine> Lines);

/// <summary>
/// A problem with the draft itself. <see cref="Field"/> names the input: "Lines[2].Sku", "WarehouseId".
/// <see cref="Message"/> is English and a localization key; <see cref="Arguments"/> fill its placeholders.
/// </summary>
public sealed record OrderError(string Field, string Message, params object[] Arguments)
{
    /// <summary>The message in English, placeholders filled (logs, tests).</summary>
    public string English => string.Format(CultureInfo.InvariantCulture, Message, Arguments);
}

/// <summary>A line asking for more than is available in the order's warehouse, and what its product's policy does about it.</summary>
public sealed record OrderShortage(int LineNo, Guid ProductId, string Sku, string ProductName, int Wanted, int Available, OutOfStockPolicy Policy);

public abstract record PlaceOrderResult
{
    /// <summary>Created; lines hold what they reserved and what waits on backorder.</summary>
    public sealed record Placed(Order Order) : PlaceOrderResult;

    /// <summary>Bad input; nothing was written.</summary>
    public sealed record Invalid(IReadOnlyList<OrderError> Errors) : PlaceOrderResult;

    /// <summary>A "Block" product is short: nothing was reserved.</summary>
    public sealed record Refused(IReadOnlyList<OrderShortage> Shortages) : PlaceOrderResult;

    /// <summary>
    /// A line would take its product past a stock bound in the order's warehouse (<see cref="Limit"/> units reserved, or
    /// waiting on backorder): nothing was reserved. Not a shortage, so it names the bound instead of a shortfall.
    /// </summary>
    public sealed record StockLimitReached(int LineNo, string Sku, int Wanted, int Limit) : PlaceOrderResult;

    /// <summary>A "Warning only" product is short: the person must confirm to place the order anyway.</summary>
    public sealed record NeedsConfirmation(IReadOnlyList<OrderShortage> Shortages) : PlaceOrderResult;
}

public abstract record TransitionResult
{
    public sealed record Done(Order Order) : TransitionResult;

    public sealed record NotFound : TransitionResult;

    /// <summary>
    /// The order's status does not allow it, or it waits on backorder. Nothing changed. <see cref="Reason"/> is a
    /// localization key; <see cref="Arguments"/> fill it (statuses as <see cref="OrderStatus"/>, for the reader's words).
    /// </summary>
    public sealed record NotAllowed(string Reason, params object[] Arguments) : TransitionResult
    {
        public string English => string.Format(CultureInfo.InvariantCulture, Reason, Arguments);
    }

    /// <summary>The stock side was refused (a shipment asking for units the shelf lacks). Nothing changed.</summary>
    public sealed record StockRefused(string Sku, int Wanted, int OnHand) : TransitionResult;

    /// <summary>The stock side would take a product past a stock bound (a return onto a full shelf). Nothing changed.</summary>
    public sealed record StockLimitReached(string Sku) : TransitionResult;
}
