using CodRocket.Stock.Orders;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>Merchant words and colours for order statuses (English keys for the localizer).</summary>
public static class OrderText
{
    public static string Status(OrderStatus status) => status switch
    {
        OrderStatus.New => "New",
        OrderStatus.Confirmed => "Confirmed",
        OrderStatus.Shipped => "Shipped",
        OrderStatus.Delivered => "Delivered",
        OrderStatus.Cancelled => "Cancelled",
        OrderStatus.Returned => "Returned",
        _ => status.ToString(),
    };

    public static string Pill(OrderStatus status) => status switch
    {
        OrderStatus.Delivered => "status-ok",
        OrderStatus.Cancelled or OrderStatus.Returned => "status-inactive",
        OrderStatus.Shipped => "status-shipped",
        _ => "status-none",
    };

    /// <summary>The button that moves an order to <paramref name="next"/>.</summary>
    public static string Action(OrderStatus next) => next switch
    {
        OrderStatus.Confirmed => "Confirm",
        OrderStatus.Shipped => "Mark shipped",
        OrderStatus.Delivered => "Mark delivered",
        OrderStatus.Cancelled => "Cancel order",
        OrderStatus.Returned => "Mark returned",
        _ => next.ToString(),
    };

    public static string Event(OrderEventKind kind) => kind switch
    {
        OrderEventKind.Created => "Order taken",
        OrderEventKind.Confirmed => "Confirmed by phone",
        OrderEventKind.Shipped => "Shipped",
        OrderEventKind.Delivered => "Delivered, cash collected",
        OrderEventKind.Cancelled => "Cancelled",
        OrderEventKind.Returned => "Returned",
        OrderEventKind.BackorderFilled => "Backorder filled",
        _ => kind.ToString(),
    };
}
