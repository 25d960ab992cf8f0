using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Api;

/// <param name="Active">false creates the warehouse inactive (it then receives nothing).</param>
public sealed record WarehouseRequest(
    [property: Required, MaxLength(Warehouse.CodeMaxLength), RegularExpression("^[A-Za-z0-9_-]+$")] string? Code,
    [property: Required, MaxLength(Warehouse.NameMaxLength)] string? Name,
    [property: MaxLength(Warehouse.CityMaxLength)] string? City,
    bool? Active);

/// <summary>PATCH: only the fields sent change; "city": null clears the city.</summary>
/// <param name="Code">A new code: the warehouse is then found at its new address.</param>
/// <param name="Active">false deactivates (the warehouse then receives nothing), true activates.</param>
public sealed record WarehousePatchRequest(
    [property: RefusesNull, MaxLength(Warehouse.CodeMaxLength), RegularExpression("^[A-Za-z0-9_-]+$")] string? Code,
    [property: RefusesNull, MaxLength(Warehouse.NameMaxLength)] string? Name,
    [property: MaxLength(Warehouse.CityMaxLength)] string? City,
    [property: RefusesNull] bool? Active);

public sealed record WarehouseResponse(string Code, string Name, string? City, bool Active);

internal static partial class WarehouseEndpoints
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

    private static async Task<IResult> CreateAsync(HttpContext http, StockDbContext db, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<WarehouseRequest>(http);
        if (body.Error is { } error)
        {
            return error;
        }
        var request = body.Value!;
        var errors = new FieldErrors();
        ValidateCode(errors, request.Code);
        ValidateName(errors, request.Name);
        errors.Length("city", request.City, Warehouse.CityMaxLength);
        if (errors.Any)
        {
            return errors.ToResult();
        }

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

    private static async Task<IResult> UpdateAsync(string code, HttpContext http, StockDbContext db, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<WarehousePatchRequest>(http);
        if (body.Error is { } error)
        {
            return error;
        }
        var request = body.Value!;
        var errors = new FieldErrors();
        if (body.Has("code"))
        {
            ValidateCode(errors, request.Code);
        }
        if (body.Has("name"))
        {
            ValidateName(errors, request.Name);
        }
        errors.Length("city", request.City, Warehouse.CityMaxLength);
        if (body.Has("active"))
        {
            errors.Required("active", request.Active);
        }
        if (errors.Any)
        {
            return errors.ToResult();
        }
        if (await FindAsync(db, code, ct) is not { } warehouse)
        {
            return NotFound(code);
        }

        warehouse.Update(request.Code ?? warehouse.Code, request.Name ?? warehouse.Name, body.Has("city") ? request.City : warehouse.City);
        if (request.Active is { } active)
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

    private static void ValidateCode(FieldErrors errors, string? code)
    {
        if (errors.Required("code", code))
        {
            var trimmed = code!.Trim();
            if (trimmed.Length > Warehouse.CodeMaxLength)
            {
                errors.Add("code", $"code has at most {Warehouse.CodeMaxLength} characters.");
            }
            else if (!CodePattern().IsMatch(trimmed))
            {
                errors.Add("code", "code uses letters, digits, - and _ only.");
            }
        }
    }

    private static void ValidateName(FieldErrors errors, string? name)
    {
        if (errors.Required("name", name))
        {
            errors.Length("name", name, Warehouse.NameMaxLength);
        }
    }

    private static IResult CodeTaken(string code) => ApiResults.Conflict($"Another warehouse already uses the code '{code}'.");

    private static WarehouseResponse ToResponse(Warehouse w) => new(w.Code, w.Name, w.City, w.IsActive);

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
