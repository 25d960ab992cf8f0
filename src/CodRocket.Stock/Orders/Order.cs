using CodRocket.Stock.Catalog;
using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Orders;

public enum OrderStatus
{
    New,
    Confirmed,
    Shipped,
    Delivered,
    Cancelled,
    Returned,
}

/// <summary>
/// A cash-on-delivery order: it holds stock from the moment it is taken (reserved, or waiting on backorder), the
/// courier takes it away when shipped, and a return brings it back. Stock moves only through the ledger;
/// this entity keeps the order's own state and which transitions are allowed.
/// </summary>
public sealed class Order : ITenantOwned
{
    public const int MaxLines = 100;
    public const int MaxQuantity = 10_000;
    public const int CustomerNameMaxLength = 120;
    /// <summary>The phone as typed (spaces, dots, a leading +): <see cref="CustomerPhone"/> normalizes it.</summary>
    public const int CustomerPhoneMaxLength = 32;
    public const int CityMaxLength = 120;
    public const int AddressMaxLength = 300;
    public const int ExternalReferenceMaxLength = 64;

    private readonly List<OrderLine> _lines = [];

    private Order() { }

    public Order(
        Guid warehouseId, OrderCustomer customer, string? externalReference, Guid? createdBy, DateTimeOffset now, DateOnly salesDay,
        string currency = Currencies.Default, Guid? apiKeyId = null)
    {
        ApiKeyId = apiKeyId;
        Currency = currency;
        Id = Guid.CreateVersion7(now);
        SalesDay = salesDay;
        WarehouseId = warehouseId;
        CustomerName = customer.Name.Trim();
        CustomerPhone = customer.Phone.Trim();
        City = customer.City.Trim();
        Address = string.IsNullOrWhiteSpace(customer.Address) ? null : customer.Address.Trim();
        ExternalReference = string.IsNullOrWhiteSpace(externalReference) ? null : externalReference.Trim();
        CreatedBy = createdBy;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid TenantId { get; private set; }
    public Guid Id { get; private set; }
    /// <summary>The store's own numbering from 1 (<see cref="OrderNumberCounter"/>): unique per store, and it says
    /// nothing about other stores.</summary>
    public long Number { get; private set; }
    public Guid WarehouseId { get; private set; }
    public string CustomerName { get; private set; } = "";
    public string CustomerPhone { get; private set; } = "";
    public string City { get; private set; } = "";
    public string? Address { get; private set; }
    public string? ExternalReference { get; private set; }
    public OrderStatus Status { get; private set; } = OrderStatus.New;
    /// <summary>Some units still wait on backorder: the order cannot ship yet.</summary>
    public bool IsBackordered { get; private set; }
    public Guid? CreatedBy { get; private set; }
    /// <summary>The API key that placed the order (null when placed on the orders page).</summary>
    public Guid? ApiKeyId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>The store day the order was placed: its units count as sold on that day (Forecasting.DailySales).</summary>
    public DateOnly SalesDay { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>The store's currency when the order was taken: its unit prices and total are in it, whatever the store uses later.</summary>
    public string Currency { get; private set; } = Currencies.Default;
    public IReadOnlyList<OrderLine> Lines => _lines;

    /// <summary>What the courier collects: every line's quantity × unit price (incomplete when a line has no price).</summary>
    public CollectTotal Total => CollectTotal.Of(_lines.Select(l => (l.Quantity, l.UnitPrice)));

    public OrderLine AddLine(Guid productId, int quantity, decimal? unitPrice = null)
    {
        var line = new OrderLine(Id, _lines.Count + 1, productId, quantity, unitPrice);
        _lines.Add(line);
        return line;
    }

    public static IReadOnlyList<OrderStatus> NextStatuses(OrderStatus status) => status switch
    {
        OrderStatus.New => [OrderStatus.Confirmed, OrderStatus.Cancelled],
        OrderStatus.Confirmed => [OrderStatus.Shipped, OrderStatus.Cancelled],
        OrderStatus.Shipped => [OrderStatus.Delivered, OrderStatus.Returned],
        OrderStatus.Delivered => [OrderStatus.Returned],
        _ => [],
    };

    public bool CanMoveTo(OrderStatus next) => NextStatuses(Status).Contains(next);

    /// <summary>Moves to <paramref name="next"/>; the caller has applied the stock side through the ledger.</summary>
    public void MoveTo(OrderStatus next, DateTimeOffset now)
    {
        if (!CanMoveTo(next))
        {
            throw new InvalidOperationException($"An order that is {Status} cannot become {next}.");
        }
        if (next == OrderStatus.Shipped && IsBackordered)
        {
            throw new InvalidOperationException("An order waiting on backorder cannot ship.");
        }
        foreach (var line in _lines)
        {
            switch (next)
            {
                case OrderStatus.Shipped:
                    line.Ship();
                    break;
                case OrderStatus.Cancelled:
                    line.Release();
                    break;
                case OrderStatus.Returned:
                    line.Return();
                    break;
            }
        }
        if (next == OrderStatus.Cancelled)
        {
            IsBackordered = false;
        }
        Status = next;
        UpdatedAt = now;
    }

    /// <summary>The number the database gave the order when it was inserted.</summary>
    internal void Numbered(long number) => Number = number;

    public void RefreshBackordered() => IsBackordered = _lines.Any(l => l.Backordered > 0);
}

public sealed record OrderCustomer(string Name, string Phone, string City, string? Address);

public sealed class OrderLine : ITenantOwned
{
    private OrderLine() { }

    internal OrderLine(Guid orderId, int lineNo, Guid productId, int quantity, decimal? unitPrice)
    {
        UnitPrice = Prices.Checked(unitPrice, nameof(unitPrice));
        if (quantity is < 1 or > Order.MaxQuantity)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, $"A line quantity is between 1 and {Order.MaxQuantity}.");
        }
        OrderId = orderId;
        LineNo = lineNo;
        ProductId = productId;
        Quantity = quantity;
    }

    public Guid TenantId { get; private set; }
    public Guid OrderId { get; private set; }
    public int LineNo { get; private set; }
    public Guid ProductId { get; private set; }
    public int Quantity { get; private set; }
    /// <summary>The price of one unit when the order was taken (the product's, or the storefront's sold price); null: not priced.
    /// A later price change leaves it as it is.</summary>
    public decimal? UnitPrice { get; private set; }
    /// <summary>Quantity × unit price; null without a price.</summary>
    public decimal? LineTotal => Quantity * UnitPrice;
    /// <summary>Units set aside for this line in the order's warehouse.</summary>
    public int Reserved { get; private set; }
    /// <summary>Units this line waits for (auto-backorder).</summary>
    public int Backordered { get; private set; }
    /// <summary>Units taken beyond what was available (warning only): the product went oversold.</summary>
    public int Oversold { get; private set; }
    /// <summary>Units that left with the courier.</summary>
    public int Shipped { get; private set; }

    /// <summary>What the ledger did when the order was placed.</summary>
    public void Placed(int reserved, int oversold)
    {
        Reserved = reserved;
        Backordered = Quantity - reserved;
        Oversold = oversold;
    }

    internal void Ship()
    {
        Shipped = Reserved;
        Reserved = 0;
    }

    internal void Release()
    {
        Reserved = 0;
        Backordered = 0;
    }

    internal void Return() => Shipped = 0;
}

public enum OrderEventKind
{
    Created,
    Confirmed,
    Shipped,
    Delivered,
    Cancelled,
    Returned,
    BackorderFilled,
}

/// <summary>The order's history: who did what, when.</summary>
public sealed class OrderEvent : ITenantOwned
{
    public const int NoteMaxLength = 500;

    private OrderEvent() { }

    public OrderEvent(Guid orderId, OrderEventKind kind, DateTimeOffset at, Guid? userId, string? note = null, int? units = null, Guid? apiKeyId = null)
    {
        ApiKeyId = apiKeyId;
        OrderId = orderId;
        Kind = kind;
        At = at;
        UserId = userId;
        Note = note;
        Units = units;
    }

    public Guid TenantId { get; private set; }
    public long Id { get; private set; }
    public Guid OrderId { get; private set; }
    public OrderEventKind Kind { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid? UserId { get; private set; }
    /// <summary>The API key that made this step (null from a page or a job).</summary>
    public Guid? ApiKeyId { get; private set; }
    public string? Note { get; private set; }
    /// <summary>
    /// The units the event moved ("Backorder filled": units filled from arriving stock), kept as a number so each reader
    /// sees it in their own words ("1 unit filled", "3 unités servies"); null for events without one.
    /// </summary>
    public int? Units { get; private set; }
}
