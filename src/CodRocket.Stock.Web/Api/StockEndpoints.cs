using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Serialization;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Api;

/// <param name="Backordered">Units auto-backordered orders wait for here; filled oldest order first as stock arrives.</param>
/// <param name="LowStockThreshold">This warehouse's own threshold, if set.</param>
public sealed record StockLevelResponse(
    string Sku, string Warehouse, int OnHand, int Reserved, int Available, int Backordered, int? LowStockThreshold, StockStatus Status);

public enum MovementKind
{
    /// <summary>Adds quantity to the warehouse.</summary>
    Receipt,
    /// <summary>A count: quantity is what is on the shelf now; the ledger records the difference.</summary>
    Adjustment,
    /// <summary>Moves quantity from warehouse to toWarehouse.</summary>
    Transfer,
}

/// <param name="Quantity">Receipt and transfer: 1 to 1,000,000 units. Adjustment: the counted quantity, 0 to 1,000,000.</param>
/// <param name="ToWarehouse">Transfers only: the warehouse code that receives the stock.</param>
/// <param name="Force">
/// Adjustments only: record a count below what orders have reserved even when the product's policy is Block (otherwise
/// 409, saying how many reserved units the count would leave without stock).
/// </param>
public sealed record MovementRequest(
    [property: RequiredField, TextLength(StockLimits.SkuMaxLength)] string? Sku,
    [property: RequiredField, TextLength(WarehouseEndpoints.CodeMaxLength)] string? Warehouse,
    [property: RequiredField] MovementKind? Type,
    [property: RequiredField, WholeNumber(0, StockLimits.MaxQuantity)] int? Quantity,
    [property: TextLength(WarehouseEndpoints.CodeMaxLength)] string? ToWarehouse,
    [property: TextLength(StockChange.NoteMaxLength)] string? Note,
    bool? Force = null) : IValidatableObject
{
    /// <summary>
    /// The rules between fields, once each field is valid on its own. Each message begins with its field: validation puts
    /// the field's path there ("movements[3].toWarehouse is only for transfers.").
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Type != MovementKind.Adjustment && Quantity == 0)
        {
            yield return new(string.Format(CultureInfo.CurrentCulture, "quantity is a whole number from 1 to {0:N0}.", StockLimits.MaxQuantity),
                [nameof(Quantity)]);
        }
        if (Type == MovementKind.Transfer)
        {
            if (string.IsNullOrWhiteSpace(ToWarehouse))
            {
                yield return new("toWarehouse is required.", [nameof(ToWarehouse)]);
            }
            else if (Inventory.Warehouse.NormalizeCode(ToWarehouse) == Inventory.Warehouse.NormalizeCode(Warehouse!))
            {
                yield return new("toWarehouse is a different warehouse from warehouse.", [nameof(ToWarehouse)]);
            }
        }
        else if (ToWarehouse is not null)
        {
            yield return new("toWarehouse is only for transfers.", [nameof(ToWarehouse)]);
        }
        if (Force is not null && Type != MovementKind.Adjustment)
        {
            yield return new("force is only for adjustments.", [nameof(Force)]);
        }
    }
}

/// <param name="Levels">The stock rows the movement changed, as they stand after it.</param>
/// <param name="ApiKeyId">The id of the API key the movement is recorded under (the request's key).</param>
public sealed record MovementResponse(
    MovementKind Type, string Sku, string Warehouse, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ToWarehouse,
    int Quantity, string? Note, IReadOnlyList<StockLevelResponse> Levels, Guid? ApiKeyId);

internal static class StockEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/stock").WithTags("Stock");
        group.MapGet("", ListAsync)
            .WithName("ListStockLevels").WithSummary("List stock levels per product and warehouse")
            .WithDescription("updatedSince (ISO 8601): only the levels that changed at or after that time.")
            .Produces<ListResponse<StockLevelResponse>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/movements", MoveAsync)
            .WithName("CreateStockMovement").WithSummary("Record a receipt, a count or a transfer")
            .Accepts<MovementRequest>("application/json")
            .Produces<MovementResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        StockBatchEndpoint.Map(group);
    }

    /// <summary>A stock row with the codes clients know it by. Member-initialised, so queries can sort and page on it.</summary>
    internal sealed class LevelRow
    {
        public Guid ProductId { get; init; }
        public string Sku { get; init; } = "";
        public string Warehouse { get; init; } = "";
        public int OnHand { get; init; }
        public int Reserved { get; init; }
        public int Available { get; init; }
        public int Backordered { get; init; }
        public int? Threshold { get; init; }
        public bool Stocked { get; init; }

        public StockLevelResponse Response => new(
            Sku, Warehouse, OnHand, Reserved, Available, Backordered, Threshold, StockStatusRule.Of(Available, Threshold));
    }

    internal static IQueryable<LevelRow> LevelRows(StockDbContext db, IQueryable<StockLevel> levels) =>
        levels.AsNoTracking()
            .Join(db.Products, s => s.ProductId, p => p.Id, (s, p) => new { s, p.Sku })
            .Join(db.Warehouses, x => x.s.WarehouseId, w => w.Id, (x, w) => new LevelRow
            {
                ProductId = x.s.ProductId,
                Sku = x.Sku,
                Warehouse = w.Code,
                OnHand = x.s.OnHand,
                Reserved = x.s.Reserved,
                Available = x.s.Available,
                Backordered = x.s.Backordered,
                Threshold = x.s.LowStockThreshold,
                Stocked = x.s.Stocked,
            });

    private static async Task<IResult> ListAsync(
        string? sku, string? warehouse, DateTimeOffset? updatedSince, int? page, int? pageSize, StockDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var paging = ApiPaging.From(page, pageSize, errors);
        if (errors.Any)
        {
            return errors.ToResult();
        }
        var levels = db.StockLevels.AsQueryable();
        Product? product = null;
        Warehouse? place = null;
        if (!string.IsNullOrWhiteSpace(sku))
        {
            if ((product = await ProductEndpoints.FindAsync(db, sku, ct)) is null)
            {
                return ProductEndpoints.NotFound(sku);
            }
            levels = levels.Where(s => s.ProductId == product.Id);
        }
        if (!string.IsNullOrWhiteSpace(warehouse))
        {
            if ((place = await WarehouseEndpoints.FindAsync(db, warehouse, ct)) is null)
            {
                return WarehouseEndpoints.NotFound(warehouse);
            }
            levels = levels.Where(s => s.WarehouseId == place.Id);
        }

        if (updatedSince is { } since)
        {
            var utc = since.ToUniversalTime();
            levels = levels.Where(s => s.UpdatedAt >= utc);
        }
        var rows = LevelRows(db, levels);
        var total = await rows.CountAsync(ct);
        var items = (await rows.OrderBy(r => r.Sku).ThenBy(r => r.Warehouse)
                .Skip(paging.Skip).Take(paging.PageSize)
                .ToListAsync(ct))
            .Select(r => r.Response)
            .ToList();
        if (product is not null && place is not null && total == 0 && updatedSince is null)
        {
            // One product in one warehouse always has a level, if only zero.
            return TypedResults.Ok(paging.Of([new StockLevelResponse(product.Sku, place.Code, 0, 0, 0, 0, null, StockStatus.Out)], 1));
        }
        return TypedResults.Ok(paging.Of(items, total));
    }

    /// <summary>
    /// The 409 (or 404) for a change the ledger refused. In a batch (<paramref name="index"/>) an unknown row is a 409
    /// too (it vanished since the batch was checked), and the item is named: "index" and "field" ("movements[3]").
    /// </summary>
    internal static IResult Refused(StockRefusal refusal, string sku, string code, int? index = null)
    {
        var item = index is { } i ? $"movements[{i}]" : null;
        var prefix = item is null ? "" : $"{item}: ";
        Dictionary<string, object?> With(Dictionary<string, object?> extensions)
        {
            if (item is not null)
            {
                extensions["index"] = index;
                extensions["field"] = item;
            }
            return extensions;
        }
        return refusal.Reason switch
        {
            StockRefusalReason.InsufficientStock => ApiResults.Conflict(
                $"{prefix}Only {refusal.Available} of {sku} available in {code}: cannot take {refusal.Requested}.",
                With(new() { ["available"] = refusal.Available, ["requested"] = refusal.Requested })),
            StockRefusalReason.InactiveWarehouse => ApiResults.Conflict($"{prefix}Warehouse '{code}' is inactive: it cannot receive stock.", With([])),
            StockRefusalReason.StockLimitReached => ApiResults.Conflict(
                $"{prefix}{sku} holds at most {StockLimits.MaxStock:N0} units in one warehouse and {StockLimits.MaxProductStock:N0} in all: this movement would pass that limit.",
                With(new() { ["limit"] = StockLimits.MaxStock, ["productLimit"] = StockLimits.MaxProductStock })),
            StockRefusalReason.UnknownWarehouse => item is null ? WarehouseEndpoints.NotFound(code) : ApiResults.Conflict($"{prefix}No warehouse with the code '{code}'.", With([])),
            _ => item is null ? ProductEndpoints.NotFound(sku) : ApiResults.Conflict($"{prefix}No product with the SKU '{sku}'.", With([])),
        };
    }

    /// <summary>The units orders have reserved, when a count below them would leave them uncovered and the product's (effective) policy is Block; else null.</summary>
    internal static async Task<int?> CountShortfallAsync(
        StockDbContext db, Guid productId, Guid warehouseId, int counted, CancellationToken ct)
    {
        var reserved = await db.StockLevels.Where(s => s.ProductId == productId && s.WarehouseId == warehouseId).Select(s => s.Reserved).FirstOrDefaultAsync(ct);
        if (counted >= reserved)
        {
            return null;
        }
        var policy = await db.Products.Where(p => p.Id == productId).Select(p => p.OutOfStockPolicy).SingleAsync(ct)
            ?? (await db.CurrentTenantAsync(ct)).DefaultOutOfStockPolicy;
        return policy == OutOfStockPolicy.Block ? reserved : null;
    }

    private sealed record MovementRows(MovementProduct? Product, MovementWarehouse? From, MovementWarehouse? To, StockTargetNames? Names);

    private static async Task<MovementRows> FindMovementRowsAsync(
        MovementTargets targets, MovementRequest request, string sku, string[] codes, bool fromMemory, CancellationToken ct)
    {
        var found = await targets.FindAsync(sku, codes, fromMemory, ct);
        return new MovementRows(found.Product, found.Warehouses.GetValueOrDefault(codes[0]),
            request.ToWarehouse is null ? null : found.Warehouses.GetValueOrDefault(Warehouse.NormalizeCode(request.ToWarehouse)), found.Names);
    }

    private static (string Sku, string[] Codes) MovementNames(MovementRequest request) =>
        (ProductEndpoints.SkuFromPath(request.Sku!),
         new[] { request.Warehouse!, request.ToWarehouse }.OfType<string>().Select(Warehouse.NormalizeCode).Distinct().ToArray());

    private static async Task<IResult> MoveAsync(
        MovementRequest request, StockDbContext db, StockWorkFactory stockWork, MovementTargets targets, ITenantContext tenant, CancellationToken ct)
    {
        // A receipt, a transfer or a forced count acts first: it may take its product and warehouses from the node's
        // memory, which the ledger checks on the rows it locks. A count that checks reservations reads first: it asks.
        var fromMemory = request.Type != MovementKind.Adjustment || request.Force == true;
        var (sku, codes) = MovementNames(request);
        while (true)
        {
            var found = await FindMovementRowsAsync(targets, request, sku, codes, fromMemory, ct);
            if (await MoveOnceAsync(request, found, db, stockWork, tenant, ct) is { } answer)
            {
                return answer;
            }
            // Remembered names went stale (renamed, re-used or removed): forget them, and ask this time.
            targets.Forget(sku, codes);
            fromMemory = false;
        }
    }

    /// <returns>The answer; null when the ledger found the names from memory stale (<see cref="StockRefusalReason.Renamed"/>:
    /// nothing was kept).</returns>
    private static async Task<IResult?> MoveOnceAsync(
        MovementRequest request, MovementRows found, StockDbContext db, StockWorkFactory stockWork, ITenantContext tenant, CancellationToken ct)
    {
        if (found.Product is not { } product)
        {
            return ProductEndpoints.NotFound(request.Sku!);
        }
        if (found.From is not { } from)
        {
            return WarehouseEndpoints.NotFound(request.Warehouse!);
        }
        var to = found.To;
        if (request.Type == MovementKind.Transfer && to is null)
        {
            return WarehouseEndpoints.NotFound(request.ToWarehouse!);
        }

        var quantity = request.Quantity!.Value;
        if (request.Type == MovementKind.Adjustment && request.Force != true
            && await CountShortfallAsync(db, product.Id, from.Id, quantity, ct) is { } reservedUnits)
        {
            return ApiResults.Conflict(
                $"Orders have reserved {reservedUnits} of {product.Sku} in {from.Code}: counting {quantity} leaves {reservedUnits - quantity} "
                + "reserved units without stock, and the product's policy is Block. Send \"force\": true to record the count anyway.",
                new Dictionary<string, object?> { ["reserved"] = reservedUnits, ["counted"] = quantity });
        }
        // The same ledger entry points as the stock pages: thresholds and alerts follow the change in its transaction.
        IReadOnlyList<StockChange> changes = request.Type switch
        {
            MovementKind.Receipt => [StockChange.Receive(product.Id, from.Id, quantity, request.Note)],
            MovementKind.Adjustment => [StockChange.Count(product.Id, from.Id, quantity, AdjustmentReason.Count, request.Note)],
            _ => StockChange.Transfer(product.Id, from.Id, to!.Id, quantity, request.Note),
        };
        var result = await stockWork.ApplyAsync(changes, ct, found.Names);
        if (result.Refusal is { Reason: StockRefusalReason.Renamed })
        {
            return null;
        }
        if (result.Refusal is { } refusal)
        {
            return Refused(refusal, product.Sku, refusal.WarehouseId == to?.Id ? to.Code : from.Code);
        }

        var after = result.Levels.GroupBy(l => l.WarehouseId).Select(g => g.Last()).Select(l =>
        {
            // A receipt that fills backorders changes its row twice: answer with each row as it ends.
            var code = l.WarehouseId == from.Id ? from.Code : to!.Code;
            return new StockLevelResponse(product.Sku, code, l.OnHand, l.Reserved, l.Available, l.Backordered, l.Threshold,
                StockStatusRule.Of(l.Available, l.Threshold));
        }).ToList();
        return TypedResults.Created((string?)null,
            new MovementResponse(request.Type!.Value, product.Sku, from.Code, to?.Code, quantity, request.Note?.Trim() is { Length: > 0 } note ? note : null, after,
                tenant.ApiKeyId));
    }
}
