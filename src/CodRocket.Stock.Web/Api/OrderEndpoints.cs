using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Orders;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Api;

public sealed record CustomerRequest(
    [property: RequiredField, TextLength(Order.CustomerNameMaxLength)] string? Name,
    [property: RequiredField, TextLength(Order.CustomerPhoneMaxLength)] string? Phone,
    [property: RequiredField, TextLength(Order.CityMaxLength)] string? City,
    [property: TextLength(Order.AddressMaxLength)] string? Address);

/// <param name="UnitPrice">The price one unit was sold at, in the store's currency (a storefront's own price or discount):
/// 0 to 1,000,000,000 with at most 2 decimals. Left out or null: the product's price when the order is taken.</param>
public sealed record OrderLineRequest(
    [property: RequiredField, TextLength(StockLimits.SkuMaxLength)] string? Sku,
    [property: RequiredField, WholeNumber(1, Order.MaxQuantity)] int? Quantity,
    [property: Price("the product's price")] decimal? UnitPrice = null);

/// <param name="Warehouse">The code of the warehouse that ships the order; stock is reserved there.</param>
/// <param name="ExternalReference">The storefront's own order number; unique in the store when given.</param>
/// <param name="AcknowledgeWarning">
/// True to take the order even though a "warning only" product is short (it is then oversold). Without it such an order
/// answers 409 with the shortages and nothing is stored.
/// </param>
public sealed record OrderRequest(
    [property: RequiredField, TextLength(WarehouseEndpoints.CodeMaxLength)] string? Warehouse,
    [property: RequiredField] CustomerRequest? Customer,
    [property: TextLength(Order.ExternalReferenceMaxLength)] string? ExternalReference,
    [property: RequiredField, MinLength(1, ErrorMessage = OrderEndpoints.NoLinesMessage)] IReadOnlyList<OrderLineRequest>? Lines,
    bool? AcknowledgeWarning) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Lines!.Count; i++)
        {
            if (Lines[i] is null)
            {
                yield return new("A line is an object with sku and quantity.", [$"{nameof(Lines)}[{i}]"]);
            }
        }
    }
}

public sealed record CustomerResponse(string Name, string Phone, string City, string? Address);

/// <param name="Reserved">Units held for this line on the shelf of the order's warehouse.</param>
/// <param name="Backordered">Units this line still waits for (auto-backorder); received stock fills the oldest orders first.</param>
/// <param name="Oversold">Units taken beyond stock after a "warning only" shortage was acknowledged.</param>
/// <param name="Shipped">Units that left with the courier.</param>
/// <param name="UnitPrice">The price of one unit when the order was taken, in the order's currency; null: the product had no price.</param>
public sealed record OrderLineResponse(
    int Line, string Sku, string Name, int Quantity, int Reserved, int Backordered, int Oversold, int Shipped, decimal? UnitPrice);

/// <param name="Number">The store's order number, shown to people (#1042).</param>
/// <param name="Backordered">True while some line waits for stock; such an order cannot ship yet.</param>
/// <param name="ApiKeyId">The id of the API key that placed the order; null when it was taken on the orders page.</param>
/// <param name="Total">What the courier collects: the sum of quantity × unitPrice over the lines that have a price; null when
/// none has.</param>
/// <param name="TotalComplete">False when some line has no unit price: total then counts the priced lines only.</param>
/// <param name="Currency">The currency of the unit prices and the total (ISO 4217): the store's when the order was taken.</param>
public sealed record OrderResponse(
    Guid Id,
    long Number,
    OrderStatus Status,
    bool Backordered,
    string Warehouse,
    CustomerResponse Customer,
    string? ExternalReference,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<OrderLineResponse> Lines,
    Guid? ApiKeyId,
    decimal? Total,
    bool TotalComplete,
    string Currency)
{
    /// <summary>The response of an order with its lines, the total computed from them.</summary>
    public static OrderResponse Of(
        Guid id, long number, OrderStatus status, bool backordered, string warehouse, CustomerResponse customer, string? externalReference,
        DateTimeOffset createdAt, DateTimeOffset updatedAt, IReadOnlyList<OrderLineResponse> lines, Guid? apiKeyId, string currency)
    {
        var total = CollectTotal.Of(lines.Select(l => (l.Quantity, l.UnitPrice)));
        return new(id, number, status, backordered, warehouse, customer, externalReference, createdAt, updatedAt, lines, apiKeyId,
            total.Amount, total.Complete, currency);
    }
}

/// <summary>A line the order asked more of than the warehouse has available.</summary>
public sealed record ShortageResponse(int Line, string Sku, string Name, int Wanted, int Available, string Policy);

internal static class OrderEndpoints
{
    /// <summary>The API's field errors stay English, for the developers who match on them (not a page string).</summary>
    internal const string NoLinesMessage = "{0} holds at least one line.";

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/orders").WithTags("Orders");
        group.MapPost("", PlaceAsync)
            .WithName("PlaceOrder").WithSummary("Place a cash-on-delivery order")
            .Accepts<OrderRequest>("application/json")
            .Produces<OrderResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Takes a cash-on-delivery order. Per product policy a short line blocks the order (409, nothing stored), "
                + "asks for acknowledgeWarning (409 until it is true), or is backordered (201, the line's backordered quantity). "
                + $"A line that would take its product past {StockLimits.MaxStock.ToString("N0", CultureInfo.InvariantCulture)} units reserved or on backorder in the warehouse answers 409 "
                + "with the limit, the sku and the line. An externalReference another order of the store already has answers 409 "
                + "with that order's id in orderId (and nothing is stored), so a storefront that retries without an Idempotency-Key "
                + "finds its order.");
        OrderListEndpoint.Map(group);
        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetOrder").WithSummary("Read an order by its id")
            .Produces<OrderResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        foreach (var (action, status) in Transitions)
        {
            group.MapPost($"/{{id:guid}}/{action}", (Guid id, OrderService orders, StockDbContext db, CancellationToken ct) =>
                    MoveAsync(id, status, orders, db, ct))
                .WithName($"{char.ToUpperInvariant(action[0])}{action[1..]}Order").WithSummary(Summary(status))
                .Produces<OrderResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
                .WithDescription(Describe(status));
        }
    }

    public static readonly IReadOnlyList<(string Action, OrderStatus Status)> Transitions =
    [
        ("confirm", OrderStatus.Confirmed),
        ("ship", OrderStatus.Shipped),
        ("deliver", OrderStatus.Delivered),
        ("cancel", OrderStatus.Cancelled),
        ("return", OrderStatus.Returned),
    ];

    private static string Summary(OrderStatus status) => status switch
    {
        OrderStatus.Confirmed => "Confirm an order",
        OrderStatus.Shipped => "Ship an order",
        OrderStatus.Delivered => "Mark an order delivered",
        OrderStatus.Cancelled => "Cancel an order",
        _ => "Record an order's return",
    };

    private static string Describe(OrderStatus status) => status switch
    {
        OrderStatus.Confirmed => "New → Confirmed. No stock moves.",
        OrderStatus.Shipped => "Confirmed → Shipped: the reserved units leave the shelf. Refused (409) while the order waits on backorder.",
        OrderStatus.Delivered => "Shipped → Delivered. No stock moves.",
        OrderStatus.Cancelled => "New or Confirmed → Cancelled: reserved units are released and backorder claims dropped.",
        _ => "Shipped or Delivered → Returned: the shipped units are back on the shelf.",
    };

    private static async Task<IResult> PlaceAsync(OrderRequest request, StockDbContext db, OrderService orders, CancellationToken ct)
    {
        var warehouse = await WarehouseEndpoints.FindAsync(db, request.Warehouse!, ct);
        if (warehouse is null)
        {
            // As for stock movements: a code the store does not have (or another store's) is not found.
            return WarehouseEndpoints.NotFound(request.Warehouse!);
        }

        var reference = request.ExternalReference?.Trim() is { Length: > 0 } given ? given : null;
        if (reference is not null && await OrderWithReferenceAsync(db, reference, ct) is { } existing)
        {
            return DuplicateReference(reference, existing);
        }
        var customer = request.Customer!;
        var draft = new OrderDraft(
            warehouse.Id,
            new OrderCustomer(customer.Name ?? "", customer.Phone ?? "", customer.City ?? "", customer.Address),
            request.ExternalReference,
            request.Lines!.Select(l => new OrderDraftLine(l.Sku ?? "", l.Quantity!.Value, l.UnitPrice)).ToList());
        // The same service as the order form: policies, reservations, backorders and alerts behave identically.
        var result = await orders.PlaceAsync(draft, request.AcknowledgeWarning == true, ct);
        if (result is PlaceOrderResult.Invalid { Errors: var invalidFields } && reference is not null
            && invalidFields.Any(e => e.Field == nameof(OrderDraft.ExternalReference))
            && await OrderWithReferenceAsync(db, reference, ct) is { } concurrent)
        {
            // Another request placed an order with this reference between our check and our insert (the unique index said so).
            return DuplicateReference(reference, concurrent);
        }
        return result switch
        {
            PlaceOrderResult.Placed placed => TypedResults.Created(
                $"{ApiEndpoints.Prefix}/orders/{placed.Order.Id}", await ProjectAsync(db, placed.Order.Id, ct)),
            PlaceOrderResult.Invalid invalid => ApiResults.Validation(invalid.Errors
                .GroupBy(e => ApiField(e.Field), e => e.English)
                .ToDictionary(g => g.Key, g => g.ToArray())),
            PlaceOrderResult.Refused refused => ApiResults.Conflict(
                "Not enough stock: products that block out-of-stock orders are short. Nothing was reserved.",
                new Dictionary<string, object?> { ["shortages"] = Shortages(refused.Shortages) }),
            PlaceOrderResult.StockLimitReached limit => ApiResults.Conflict(
                $"lines[{limit.LineNo - 1}]: {limit.Sku} holds at most {limit.Limit:N0} units reserved and {limit.Limit:N0} on backorder in one "
                + "warehouse: this order would pass that limit. Nothing was reserved.",
                new Dictionary<string, object?> { ["limit"] = limit.Limit, ["sku"] = limit.Sku, ["line"] = limit.LineNo }),
            PlaceOrderResult.NeedsConfirmation warned => ApiResults.Conflict(
                "Not enough stock for some \"warning only\" products. Send the order again with \"acknowledgeWarning\": true to "
                + "take it anyway (the stock goes negative); nothing was stored.",
                new Dictionary<string, object?> { ["shortages"] = Shortages(warned.Shortages), ["acknowledgeWarning"] = "required" }),
            _ => throw new InvalidOperationException($"Unexpected order result {result.GetType().Name}."),
        };
    }

    private static async Task<IResult> GetAsync(Guid id, StockDbContext db, CancellationToken ct) =>
        await ProjectOrNullAsync(db, id, ct) is { } order ? TypedResults.Ok(order) : NotFound(id);

    private static async Task<IResult> MoveAsync(Guid id, OrderStatus next, OrderService orders, StockDbContext db, CancellationToken ct) =>
        await orders.MoveAsync(id, next, ct) switch
        {
            TransitionResult.Done done => TypedResults.Ok(await ProjectAsync(db, done.Order.Id, ct)),
            TransitionResult.NotAllowed notAllowed => ApiResults.Conflict(notAllowed.English),
            TransitionResult.StockRefused refused => ApiResults.Conflict(
                $"Only {refused.OnHand} of {refused.Sku} on the shelf: cannot ship {refused.Wanted}.",
                new Dictionary<string, object?> { ["sku"] = refused.Sku, ["onHand"] = refused.OnHand, ["wanted"] = refused.Wanted }),
            TransitionResult.StockLimitReached limit => ApiResults.Conflict(
                $"{limit.Sku} holds at most {StockLimits.MaxStock:N0} units in one warehouse and {StockLimits.MaxProductStock:N0} in all: this would pass that limit.",
                new Dictionary<string, object?> { ["sku"] = limit.Sku, ["limit"] = StockLimits.MaxStock, ["productLimit"] = StockLimits.MaxProductStock }),
            _ => NotFound(id),
        };

    private static Task<Guid?> OrderWithReferenceAsync(StockDbContext db, string reference, CancellationToken ct) =>
        db.Orders.Where(o => o.ExternalReference == reference).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);

    private static IResult DuplicateReference(string reference, Guid? existing) => ApiResults.Conflict(
        $"Another order of this store already has the external reference '{reference}': orderId is its id. Nothing was stored.",
        new Dictionary<string, object?> { ["orderId"] = existing, ["externalReference"] = reference });

    private static IResult NotFound(Guid id) => ApiResults.NotFound($"No order with the id '{id}'.");

    /// <summary>"Lines[2].Sku" → "lines[2].sku", "WarehouseId" → "warehouse": the names the request uses.</summary>
    private static string ApiField(string field) => field switch
    {
        nameof(OrderDraft.WarehouseId) => "warehouse",
        _ => string.Join('.', field.Split('.').Select(part => char.ToLowerInvariant(part[0]) + part[1..])),
    };

    private static List<ShortageResponse> Shortages(IEnumerable<OrderShortage> shortages) =>
        shortages.Select(s => new ShortageResponse(s.LineNo, s.Sku, s.ProductName, s.Wanted, s.Available,
            s.Policy.ToString().ToLowerInvariant())).ToList();

    private static async Task<OrderResponse> ProjectAsync(StockDbContext db, Guid id, CancellationToken ct) =>
        await ProjectOrNullAsync(db, id, ct) ?? throw new InvalidOperationException($"Order {id} vanished.");

    private static async Task<OrderResponse?> ProjectOrNullAsync(StockDbContext db, Guid id, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking()
            .Where(o => o.Id == id)
            .Select(o => new
            {
                o.Id, o.Number, o.Status, o.IsBackordered, o.CustomerName, o.CustomerPhone, o.City, o.Address,
                o.ExternalReference, o.CreatedAt, o.UpdatedAt, o.ApiKeyId, o.Currency,
                Warehouse = db.Warehouses.Where(w => w.Id == o.WarehouseId).Select(w => w.Code).Single(),
            })
            .SingleOrDefaultAsync(ct);
        if (order is null)
        {
            return null;
        }
        var lines = await db.OrderLines.AsNoTracking()
            .Where(l => l.OrderId == id)
            .OrderBy(l => l.LineNo)
            .Join(db.Products, l => l.ProductId, p => p.Id, (l, p) =>
                new OrderLineResponse(l.LineNo, p.Sku, p.Name, l.Quantity, l.Reserved, l.Backordered, l.Oversold, l.Shipped, l.UnitPrice))
            .ToListAsync(ct);
        return OrderResponse.Of(order.Id, order.Number, order.Status, order.IsBackordered, order.Warehouse,
            new CustomerResponse(order.CustomerName, order.CustomerPhone, order.City, order.Address),
            order.ExternalReference, order.CreatedAt, order.UpdatedAt, lines, order.ApiKeyId, order.Currency);
    }
}
