using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Api;

/// <param name="Movements">1 to 500 movements, applied in order, all or none.</param>
public sealed record MovementBatchRequest(
    [property: RequiredField, MinLength(1, ErrorMessage = StockBatchEndpoint.CountMessage), MaxLength(StockBatchEndpoint.MaxMovements, ErrorMessage = StockBatchEndpoint.CountMessage)]
    IReadOnlyList<MovementRequest>? Movements) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Movements!.Count; i++)
        {
            if (Movements[i] is null)
            {
                yield return new("A movement is an object with sku, warehouse, type and quantity.", [$"{nameof(Movements)}[{i}]"]);
            }
        }
    }
}

/// <param name="Applied">How many movements were applied (all of them).</param>
/// <param name="Levels">Every stock row the batch changed, as it stands after the batch, by SKU then warehouse.</param>
/// <param name="ApiKeyId">The id of the API key every movement of the batch is recorded under (the request's key).</param>
public sealed record MovementBatchResponse(int Applied, IReadOnlyList<StockLevelResponse> Levels, Guid? ApiKeyId);

/// <summary>
/// POST /stock/movements/batch: a whole shipment's receipts (or a stocktake, or a round of transfers) in one call and one
/// stock unit of work (ADR 0001): the products are locked together, the ledger applies every change or none, alerts are
/// evaluated once for every product touched (one digest, not one per SKU), and one Idempotency-Key covers the batch.
/// </summary>
internal static class StockBatchEndpoint
{
    public const int MaxMovements = 500;
    public const int MaxBytes = 512 * 1024;
    /// <summary>The API's field errors stay English, for the developers who match on them (not a page string).</summary>
    internal const string CountMessage = "{0} holds 1 to 500 movements.";

    public static void Map(RouteGroupBuilder stock) =>
        stock.MapPost("/movements/batch", ApplyAsync)
            .WithName("CreateStockMovementBatch").WithSummary("Record up to 500 movements at once, all or none")
            .WithDescription($"Up to {MaxMovements} movements (each as for POST /stock/movements) in one transaction: if any is refused, "
                + "nothing changes. 400 names each bad field as movements[index].field (an unknown SKU or warehouse too); 409 names "
                + $"the refused movement in \"index\" and \"field\". Alerts are evaluated once for the whole batch. A body has at most {MaxBytes / 1024} KB.")
            .WithMetadata(new ApiBodyLimit(MaxBytes))
            .Accepts<MovementBatchRequest>("application/json")
            .Produces<MovementBatchResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

    private sealed record Item(int Index, MovementRequest Request, Guid ProductId, string Sku, Warehouse From, Warehouse? To);

    private static async Task<IResult> ApplyAsync(
        MovementBatchRequest request, StockDbContext db, StockWorkFactory stockWork, ITenantContext tenant, CancellationToken ct)
    {
        var movements = request.Movements!;
        var errors = new FieldErrors();
        // Two queries for the whole batch, whatever its size.
        var skus = movements.Select(m => ProductEndpoints.SkuFromPath(m.Sku!)).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku))
            .Select(p => new { p.Id, p.Sku }).ToDictionaryAsync(p => p.Sku, p => p.Id, StringComparer.Ordinal, ct);
        var warehouses = await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Code, StringComparer.Ordinal, ct);
        var items = new List<Item>(movements.Count);
        for (var i = 0; i < movements.Count; i++)
        {
            var m = movements[i];
            var sku = ProductEndpoints.SkuFromPath(m.Sku!);
            var from = warehouses.GetValueOrDefault(Warehouse.NormalizeCode(m.Warehouse!));
            var to = m.ToWarehouse is null ? null : warehouses.GetValueOrDefault(Warehouse.NormalizeCode(m.ToWarehouse));
            if (!products.TryGetValue(sku, out var productId))
            {
                errors.Add($"movements[{i}].sku", $"No product with the SKU '{sku}'.");
            }
            if (from is null)
            {
                errors.Add($"movements[{i}].warehouse", $"No warehouse with the code '{m.Warehouse}'.");
            }
            if (m.ToWarehouse is not null && to is null)
            {
                errors.Add($"movements[{i}].toWarehouse", $"No warehouse with the code '{m.ToWarehouse}'.");
            }
            if (!errors.Any)
            {
                items.Add(new Item(i, m, productId, sku, from!, to));
            }
        }
        if (errors.Any)
        {
            return errors.ToResult();
        }

        foreach (var item in items.Where(i => i.Request.Type == MovementKind.Adjustment && i.Request.Force != true))
        {
            if (await StockEndpoints.CountShortfallAsync(db, item.ProductId, item.From.Id, item.Request.Quantity!.Value, ct) is { } reserved)
            {
                return ApiResults.Conflict(
                    $"movements[{item.Index}]: orders have reserved {reserved} of {item.Sku} in {item.From.Code}: counting {item.Request.Quantity} leaves "
                    + $"{reserved - item.Request.Quantity} reserved units without stock, and the product's policy is Block. Send \"force\": true on that movement "
                    + "to record the count anyway. Nothing was changed.",
                    new Dictionary<string, object?>
                    {
                        ["index"] = item.Index, ["field"] = $"movements[{item.Index}].quantity", ["reserved"] = reserved, ["counted"] = item.Request.Quantity,
                    });
            }
        }

        var changes = new List<StockChange>(items.Count);
        var owners = new List<int>(items.Count);
        foreach (var item in items)
        {
            var note = item.Request.Note;
            var quantity = item.Request.Quantity!.Value;
            IReadOnlyList<StockChange> made = item.Request.Type switch
            {
                MovementKind.Receipt => [StockChange.Receive(item.ProductId, item.From.Id, quantity, note)],
                MovementKind.Adjustment => [StockChange.Count(item.ProductId, item.From.Id, quantity, AdjustmentReason.Count, note)],
                _ => StockChange.Transfer(item.ProductId, item.From.Id, item.To!.Id, quantity, note),
            };
            changes.AddRange(made);
            owners.AddRange(made.Select(_ => item.Index));
        }
        var result = await stockWork.ApplyAsync(changes, ct);
        if (result.Refusal is { } refusal)
        {
            // The first change the ledger refused, and the movement it came from.
            var candidates = Enumerable.Range(0, changes.Count)
                .Where(c => changes[c].ProductId == refusal.ProductId && changes[c].WarehouseId == refusal.WarehouseId).ToList();
            var at = candidates.Where(c => Math.Abs(changes[c].OnHandDelta) == refusal.Requested).DefaultIfEmpty(candidates.FirstOrDefault()).First();
            var item = items.First(i => i.Index == owners[at]);
            var code = warehouses.Values.FirstOrDefault(w => w.Id == refusal.WarehouseId)?.Code ?? item.From.Code;
            return StockEndpoints.Refused(refusal, item.Sku, code, item.Index);
        }

        var skuOf = products.ToDictionary(p => p.Value, p => p.Key);
        var byId = warehouses.Values.ToDictionary(w => w.Id);
        var productIds = products.Values.ToList();
        var thresholds = await db.StockLevels.AsNoTracking()
            .Where(s => productIds.Contains(s.ProductId) && s.LowStockThreshold != null)
            .Select(s => new { s.ProductId, s.WarehouseId, s.LowStockThreshold })
            .ToDictionaryAsync(s => (s.ProductId, s.WarehouseId), s => s.LowStockThreshold, ct);
        var levels = result.Levels
            .GroupBy(l => (l.ProductId, l.WarehouseId))
            .Select(g => g.Last())
            .Select(l =>
            {
                var threshold = thresholds.GetValueOrDefault((l.ProductId, l.WarehouseId));
                return new StockLevelResponse(skuOf[l.ProductId], byId[l.WarehouseId].Code, l.OnHand, l.Reserved, l.Available, l.Backordered,
                    threshold, StockStatusRule.Of(l.Available, threshold));
            })
            .OrderBy(l => l.Sku, StringComparer.Ordinal).ThenBy(l => l.Warehouse, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Created((string?)null, new MovementBatchResponse(items.Count, levels, tenant.ApiKeyId));
    }
}
