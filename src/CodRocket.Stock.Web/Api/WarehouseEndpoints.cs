using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Api;

/// <param name="Active">false creates the warehouse inactive (it then receives nothing).</param>
public sealed record WarehouseRequest(
    [property: RequiredField, TextLength(Warehouse.CodeMaxLength), CodeCharacters] string? Code,
    [property: RequiredField, TextLength(Warehouse.NameMaxLength)] string? Name,
    [property: TextLength(Warehouse.CityMaxLength)] string? City,
    bool? Active);

/// <summary>PATCH: only the fields sent change; "city": null clears the city.</summary>
/// <param name="Code">A new code: the warehouse is then found at its new address.</param>
/// <param name="Active">false deactivates (the warehouse then receives nothing), true activates.</param>
public sealed record WarehousePatchRequest(
    [property: RefusesNull, TextLength(Warehouse.CodeMaxLength), CodeCharacters] Optional<string?> Code,
    [property: RefusesNull, TextLength(Warehouse.NameMaxLength)] Optional<string?> Name,
    [property: TextLength(Warehouse.CityMaxLength)] Optional<string?> City,
    [property: RefusesNull] Optional<bool?> Active);

public sealed record WarehouseResponse(string Code, string Name, string? City, bool Active);

internal static class WarehouseEndpoints
{
    /// <summary>For the request records whose own "Warehouse" field hides the type's name.</summary>
    internal const int CodeMaxLength = Warehouse.CodeMaxLength;

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/warehouses").WithTags("Warehouses");
        group.MapGet("", ListAsync)
            .WithName("ListWarehouses").WithSummary("List the store's warehouses")
            .Produces<ListResponse<WarehouseResponse>>();
        group.MapPost("", CreateAsync)
            .WithName("CreateWarehouse").WithSummary("Create a warehouse")
            .Accepts<WarehouseRequest>("application/json")
            .Produces<WarehouseResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{code}", GetAsync)
            .WithName("GetWarehouse").WithSummary("Read a warehouse by its code")
            .Produces<WarehouseResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{code}", UpdateAsync)
            .WithName("UpdateWarehouse").WithSummary("Change a warehouse's code, name, city or active flag")
            .Accepts<WarehousePatchRequest>("application/json")
            .Produces<WarehouseResponse>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>The warehouse with this code in the current store (codes are matched as the pages store them, upper-case).</summary>
    public static Task<Warehouse?> FindAsync(StockDbContext db, string code, CancellationToken ct)
    {
        var normalized = Warehouse.NormalizeCode(code);
        return db.Warehouses.SingleOrDefaultAsync(w => w.Code == normalized, ct);
    }

    public static IResult NotFound(string code) => ApiResults.NotFound($"No warehouse with the code '{code}'.");

    private static async Task<IResult> ListAsync(StockDbContext db, CancellationToken ct)
    {
        var items = await db.Warehouses.AsNoTracking()
            .OrderBy(w => w.Code)
            .Select(w => new WarehouseResponse(w.Code, w.Name, w.City, w.IsActive))
            .ToListAsync(ct);
        return TypedResults.Ok(new ListResponse<WarehouseResponse>(items, 1, items.Count, items.Count));
    }

    private static async Task<IResult> GetAsync(string code, StockDbContext db, CancellationToken ct) =>
        await FindAsync(db, code, ct) is { } warehouse ? TypedResults.Ok(ToResponse(warehouse)) : NotFound(code);

    private static async Task<IResult> CreateAsync(WarehouseRequest request, StockDbContext db, CancellationToken ct)
    {
        var warehouse = new Warehouse(request.Code!, request.Name!, request.City);
        if (request.Active == false)
        {
            warehouse.Deactivate();
        }
        db.Warehouses.Add(warehouse);
        if (await db.Warehouses.AnyAsync(w => w.Code == warehouse.Code, ct) || !await db.TrySaveUniqueAsync(ct))
        {
            return CodeTaken(warehouse.Code);
        }
        return TypedResults.Created($"{ApiEndpoints.Prefix}/warehouses/{Uri.EscapeDataString(warehouse.Code)}", ToResponse(warehouse));
    }

    private static async Task<IResult> UpdateAsync(string code, WarehousePatchRequest request, StockDbContext db, CancellationToken ct)
    {
        if (await FindAsync(db, code, ct) is not { } warehouse)
        {
            return NotFound(code);
        }

        warehouse.Update(request.Code.Value ?? warehouse.Code, request.Name.Value ?? warehouse.Name, request.City.Or(warehouse.City));
        if (request.Active.Value is { } active)
        {
            if (active)
            {
                warehouse.Activate();
            }
            else
            {
                warehouse.Deactivate();
            }
        }
        if (await db.Warehouses.AnyAsync(w => w.Code == warehouse.Code && w.Id != warehouse.Id, ct) || !await db.TrySaveUniqueAsync(ct))
        {
            return CodeTaken(warehouse.Code);
        }
        return TypedResults.Ok(ToResponse(warehouse));
    }

    private static IResult CodeTaken(string code) => ApiResults.Conflict($"Another warehouse already uses the code '{code}'.");

    private static WarehouseResponse ToResponse(Warehouse w) => new(w.Code, w.Name, w.City, w.IsActive);
}
