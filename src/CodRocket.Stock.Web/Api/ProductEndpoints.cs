using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Api;

/// <param name="LowStockThreshold">The product's Low Stock Alert; null: the store default.</param>
/// <param name="OutOfStockPolicy">block, warn or backorder; null: the store default.</param>
/// <param name="Price">The price of one unit in the store's currency (0 to 1,000,000,000, at most 2 decimals); null: not priced.</param>
public sealed record ProductRequest(
    [property: Required, MaxLength(StockLimits.SkuMaxLength)] string? Sku,
    [property: Required, MaxLength(StockLimits.NameMaxLength)] string? Name,
    [property: Range(0, StockLimits.MaxThreshold)] int? LowStockThreshold,
    bool? SmsAlerts,
    OutOfStockPolicy? OutOfStockPolicy,
    [property: Range(0, StockLimits.MaxLeadTimeDays)] int? LeadTimeDays,
    [property: Range(0, StockLimits.MaxSafetyStock)] int? SafetyStock,
    [property: Range(StockLimits.MinSeasonalFactor, StockLimits.MaxSeasonalFactor)] decimal? SeasonalFactor,
    [property: Range(0, Prices.Max)] decimal? Price = null);

/// <summary>PATCH: only the fields sent change; null clears the nullable settings (and the price).</summary>
public sealed record ProductPatchRequest(
    [property: RefusesNull, MaxLength(StockLimits.NameMaxLength)] string? Name,
    [property: Range(0, StockLimits.MaxThreshold)] int? LowStockThreshold,
    [property: RefusesNull] bool? SmsAlerts,
    OutOfStockPolicy? OutOfStockPolicy,
    [property: Range(0, StockLimits.MaxLeadTimeDays)] int? LeadTimeDays,
    [property: Range(0, StockLimits.MaxSafetyStock)] int? SafetyStock,
    [property: RefusesNull, Range(StockLimits.MinSeasonalFactor, StockLimits.MaxSeasonalFactor)] decimal? SeasonalFactor,
    [property: Range(0, Prices.Max)] decimal? Price = null);

/// <param name="LowStockThreshold">This warehouse's own threshold; null: the product's applies.</param>
public sealed record ThresholdRequest([property: Required, Range(0, StockLimits.MaxThreshold)] int? LowStockThreshold);

public sealed record ThresholdResponse(string Sku, string Warehouse, int? LowStockThreshold);

/// <param name="EffectiveLowStockThreshold">The threshold that applies: the product's, else the store default.</param>
/// <param name="Backordered">Units auto-backordered orders wait for, across warehouses.</param>
/// <param name="Price">The price of one unit in <paramref name="Currency"/>; null: not priced. Orders keep the price they were taken at.</param>
/// <param name="Currency">The store's currency (ISO 4217).</param>
/// <param name="Warnings">Only in the answer to a create (POST /products), always there: what deserves a second look without
/// being refused, such as a SKU that looks like another product's (code "lookAlikeSku"). Empty when nothing does.</param>
public sealed record ProductResponse(
    string Sku,
    string Name,
    bool Archived,
    int? LowStockThreshold,
    int? EffectiveLowStockThreshold,
    bool SmsAlerts,
    OutOfStockPolicy? OutOfStockPolicy,
    OutOfStockPolicy EffectiveOutOfStockPolicy,
    int? LeadTimeDays,
    int? SafetyStock,
    decimal SeasonalFactor,
    int OnHand,
    int Reserved,
    int Available,
    int Backordered,
    StockStatus Status,
    IReadOnlyList<StockLevelResponse> Warehouses,
    decimal? Price,
    string Currency,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ProductWarning>? Warnings = null);

/// <param name="Code">For programs: "lookAlikeSku".</param>
/// <param name="Message">For people, in English.</param>
/// <param name="ExistingSku">The SKU of the other product it looks like.</param>
public sealed record ProductWarning(string Code, string Message, string? ExistingSku);

internal static class ProductEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/products").WithTags("Products");
        group.MapGet("", ListAsync)
            .WithName("ListProducts").WithSummary("List products with their stock, filtered by search, status, archived and updatedSince")
            .WithDescription("updatedSince (ISO 8601): only products whose settings or stock changed at or after that time.")
            .Produces<ListResponse<ProductResponse>>().ProducesValidationProblem();
        group.MapPost("", CreateAsync)
            .WithName("CreateProduct").WithSummary("Create a product with its Stock Settings")
            .Accepts<ProductRequest>("application/json")
            .Produces<ProductResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Creates a product with its Stock Settings. The 201 answer carries \"warnings\": a SKU that looks like "
                + "another product's (a Unicode dash for a hyphen, a Cyrillic letter for a Latin one) is created, and named there "
                + "with code \"lookAlikeSku\" and the existing SKU, so the integration can check they are not the same product.");
        group.MapGet("/{sku}", GetAsync)
            .WithName("GetProduct").WithSummary("Read a product and its stock by SKU")
            .Produces<ProductResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{sku}", UpdateAsync)
            .WithName("UpdateProduct").WithSummary("Change some of a product's name and Stock Settings")
            .Accepts<ProductPatchRequest>("application/json")
            .Produces<ProductResponse>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{sku}/warehouses/{code}/threshold", SetWarehouseThresholdAsync)
            .WithName("SetWarehouseThreshold").WithSummary("Set or clear a product's threshold in one warehouse")
            .Accepts<ThresholdRequest>("application/json")
            .Produces<ThresholdResponse>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>A SKU from a path segment: a "/" inside a SKU arrives still encoded.</summary>
    public static string SkuFromPath(string sku) => Identifiers.Normalize(sku.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase));

    public static Task<Product?> FindAsync(StockDbContext db, string sku, CancellationToken ct)
    {
        var wanted = SkuFromPath(sku);
        return db.Products.SingleOrDefaultAsync(p => p.Sku == wanted, ct);
    }

    public static IResult NotFound(string sku) => ApiResults.NotFound($"No product with the SKU '{SkuFromPath(sku)}'.");

    private static async Task<IResult> ListAsync(
        string? search, string? status, bool? archived, DateTimeOffset? updatedSince, int? page, int? pageSize, StockDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var paging = ApiPaging.From(page, pageSize, errors);
        errors.Length("search", search, ProductFilter.SearchMaxLength);
        StockStatus? wanted = status switch
        {
            null or "" => null,
            "low" => StockStatus.Low,
            "out" => StockStatus.Out,
            "ok" => StockStatus.Ok,
            "notstocked" => StockStatus.NotStocked,
            _ => Invalid(errors, "status", "status is one of: low, out, ok, notstocked."),
        };
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var store = await db.CurrentTenantAsync(ct);
        // The same filter as the product list, its exports and bulk actions.
        var query = new ProductFilter(search, Status: wanted, Archived: archived ?? false).Apply(db, store.DefaultLowStockThreshold).AsNoTracking();
        if (updatedSince is { } since)
        {
            // Changed itself, or its stock changed somewhere: what a storefront syncing its catalogue and stock needs.
            var utc = since.ToUniversalTime();
            query = query.Where(p => p.UpdatedAt >= utc || db.StockLevels.Any(s => s.ProductId == p.Id && s.UpdatedAt >= utc));
        }
        var total = await query.CountAsync(ct);
        var items = await ProjectAsync(db, store, query.OrderBy(p => p.Sku).Skip(paging.Skip).Take(paging.PageSize), ct);
        return TypedResults.Ok(paging.Of(items, total));
    }

    private static async Task<IResult> GetAsync(string sku, StockDbContext db, CancellationToken ct)
    {
        var wanted = SkuFromPath(sku);
        var store = await db.CurrentTenantAsync(ct);
        return (await ProjectAsync(db, store, db.Products.Where(p => p.Sku == wanted), ct)).SingleOrDefault() is { } product
            ? TypedResults.Ok(product)
            : NotFound(sku);
    }

    private static async Task<IResult> CreateAsync(
        HttpContext http, StockDbContext db, StockWorkFactory stockWork, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ProductRequest>(http);
        if (body.Error is { } error)
        {
            return error;
        }
        var request = body.Value!;
        var errors = new FieldErrors();
        if (errors.Required("sku", request.Sku))
        {
            errors.Length("sku", request.Sku, StockLimits.SkuMaxLength);
            if (Identifiers.HasHiddenCharacters(request.Sku!))
            {
                errors.Add("sku", "sku holds an invisible or bidirectional control character (zero-width space, right-to-left override…): send it without it.");
            }
        }
        if (errors.Required("name", request.Name))
        {
            errors.Length("name", request.Name, StockLimits.NameMaxLength);
        }
        var settings = new ProductStockSettings(
            request.LowStockThreshold, request.SmsAlerts ?? false, request.OutOfStockPolicy,
            request.LeadTimeDays, request.SafetyStock, request.SeasonalFactor ?? 1m);
        ValidateSettings(errors, settings);
        ValidatePrice(errors, request.Price);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var now = clock.GetUtcNow();
        var product = new Product(request.Sku!, request.Name!, now);
        product.UpdateStockSettings(settings, now);
        product.SetPrice(request.Price, now);
        if (await db.Products.AnyAsync(p => p.Sku == product.Sku, ct))
        {
            return SkuTaken(product.Sku);
        }
        // Created with its threshold evaluated at once, like the product form: a product created at its threshold alerts.
        await using (var work = await stockWork.BeginAsync([product.Id], ct))
        {
            db.Products.Add(product);
            if (!await db.TrySaveUniqueAsync(ct))
            {
                db.ChangeTracker.Clear();
                return SkuTaken(product.Sku);
            }
            await work.CommitAsync(ct);
        }
        var store = await db.CurrentTenantAsync(ct);
        var response = (await ProjectAsync(db, store, db.Products.Where(p => p.Id == product.Id), ct)).Single();
        // The same look-alike rule as the product form: a warning, not a refusal.
        ProductWarning[] warnings = await LookAlikeSkus.FindAsync(db, product.Sku, product.Id, ct) is { } lookAlike
            ? [new ProductWarning("lookAlikeSku",
                $"The SKU {product.Sku} looks like the SKU {lookAlike} of another product: check that they are not the same product.", lookAlike)]
            : [];
        return TypedResults.Created($"{ApiEndpoints.Prefix}/products/{Uri.EscapeDataString(product.Sku)}", response with { Warnings = warnings });
    }

    /// <summary>API changes are recorded with the key that made them (the key's store has no user).</summary>
    private static ChangeOrigin Origin(HttpContext http) =>
        new(ChangeSource.Api, Guid.TryParse(http.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value, out var key) ? key : null);

    private static async Task<IResult> UpdateAsync(
        string sku, HttpContext http, StockDbContext db, StockWorkFactory stockWork, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ProductPatchRequest>(http);
        if (body.Error is { } error)
        {
            return error;
        }
        var request = body.Value!;
        var errors = new FieldErrors();
        if (body.Has("name") && errors.Required("name", request.Name))
        {
            errors.Length("name", request.Name, StockLimits.NameMaxLength);
        }
        if (body.Has("smsAlerts"))
        {
            errors.Required("smsAlerts", request.SmsAlerts);
        }
        if (body.Has("seasonalFactor"))
        {
            errors.Required("seasonalFactor", request.SeasonalFactor);
        }
        if (errors.Any)
        {
            return errors.ToResult();
        }
        if (await FindAsync(db, sku, ct) is not { } product)
        {
            return NotFound(sku);
        }
        var settings = new ProductStockSettings(
            body.Has("lowStockThreshold") ? request.LowStockThreshold : product.LowStockThreshold,
            request.SmsAlerts ?? product.SmsAlerts,
            body.Has("outOfStockPolicy") ? request.OutOfStockPolicy : product.OutOfStockPolicy,
            body.Has("leadTimeDays") ? request.LeadTimeDays : product.LeadTimeDays,
            body.Has("safetyStock") ? request.SafetyStock : product.SafetyStock,
            request.SeasonalFactor ?? product.SeasonalFactor);
        ValidateSettings(errors, settings);
        ValidatePrice(errors, request.Price);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var now = clock.GetUtcNow();
        // A changed threshold is evaluated at once, as on the product page: raising it above stock opens an alert.
        await using (var work = await stockWork.BeginAsync([product.Id], ct))
        {
            await work.AuditSettingsAsync(Origin(http), ct);
            if (request.Name is not null)
            {
                product.Rename(request.Name, now);
            }
            product.UpdateStockSettings(settings, now);
            if (body.Has("price"))
            {
                product.SetPrice(request.Price, now);
            }
            await db.SaveChangesAsync(ct);
            await work.CommitAsync(ct);
        }
        var store = await db.CurrentTenantAsync(ct);
        return TypedResults.Ok((await ProjectAsync(db, store, db.Products.Where(p => p.Id == product.Id), ct)).Single());
    }

    private static async Task<IResult> SetWarehouseThresholdAsync(
        string sku, string code, HttpContext http, StockDbContext db, StockWorkFactory stockWork, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ThresholdRequest>(http);
        if (body.Error is { } error)
        {
            return error;
        }
        var threshold = body.Value!.LowStockThreshold;
        var errors = new FieldErrors();
        if (!body.Has("lowStockThreshold"))
        {
            errors.Add("lowStockThreshold", "lowStockThreshold is required (null clears the warehouse threshold).");
        }
        errors.Range("lowStockThreshold", threshold, 0, StockLimits.MaxThreshold);
        if (errors.Any)
        {
            return errors.ToResult();
        }
        if (await FindAsync(db, sku, ct) is not { } product)
        {
            return NotFound(sku);
        }
        if (await WarehouseEndpoints.FindAsync(db, code, ct) is not { } warehouse)
        {
            return WarehouseEndpoints.NotFound(code);
        }

        var now = clock.GetUtcNow();
        await using (var work = await stockWork.BeginAsync([product.Id], ct))
        {
            await work.AuditSettingsAsync(Origin(http), ct);
            await WarehouseThreshold.SetAsync(db, product.Id, warehouse.Id, threshold, now, ct);
            await db.SaveChangesAsync(ct);
            await work.CommitAsync(ct);
        }
        return TypedResults.Ok(new ThresholdResponse(product.Sku, warehouse.Code, threshold));
    }

    private static void ValidateSettings(FieldErrors errors, ProductStockSettings settings)
    {
        errors.Range("lowStockThreshold", settings.LowStockThreshold, 0, StockLimits.MaxThreshold);
        errors.Range("leadTimeDays", settings.LeadTimeDays, 0, StockLimits.MaxLeadTimeDays);
        errors.Range("safetyStock", settings.SafetyStock, 0, StockLimits.MaxSafetyStock);
        errors.Range("seasonalFactor", settings.SeasonalFactor, StockLimits.MinSeasonalFactor, StockLimits.MaxSeasonalFactor);
        if (!StockLimits.FitsDecimals(settings.SeasonalFactor, StockLimits.SeasonalFactorDecimals))
        {
            errors.Add("seasonalFactor", $"seasonalFactor has at most {StockLimits.SeasonalFactorDecimals} decimals.");
        }
        if (settings.OutOfStockPolicy is { } policy && !Enum.IsDefined(policy))
        {
            errors.Add("outOfStockPolicy", "outOfStockPolicy is one of: block, warn, backorder, or null for the store default.");
        }
    }

    private static void ValidatePrice(FieldErrors errors, decimal? price)
    {
        if (price is { } value && !Prices.IsValid(value))
        {
            errors.Add("price", $"price is a number from 0 to {Prices.Max:0} with at most {Prices.Decimals} decimals, in the store's currency (or null for no price).");
        }
    }

    private static StockStatus? Invalid(FieldErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }

    /// <summary>numeric(6,3) reads as 1.500: send 1.5.</summary>
    private static decimal WithoutTrailingZeros(decimal value) => value / 1.0000000000000000000000000000m;

    private static IResult SkuTaken(string sku) => ApiResults.Conflict($"Another product already uses the SKU '{sku}'.");

    /// <summary>The products with their stock per warehouse: one query for the products, one for their stock rows.</summary>
    private static async Task<List<ProductResponse>> ProjectAsync(StockDbContext db, Tenant store, IQueryable<Product> products, CancellationToken ct)
    {
        var rows = await products.AsNoTracking().ToListAsync(ct);
        var ids = rows.Select(p => p.Id).ToList();
        var levels = (await StockEndpoints.LevelRows(db, db.StockLevels.Where(s => ids.Contains(s.ProductId)))
                .OrderBy(l => l.Warehouse)
                .ToListAsync(ct))
            .ToLookup(l => l.ProductId);
        return rows.Select(p =>
        {
            var stock = levels[p.Id].Select(l => l.Response).ToList();
            int onHand = stock.Sum(l => l.OnHand), reserved = stock.Sum(l => l.Reserved), available = stock.Sum(l => l.Available);
            var threshold = p.LowStockThreshold ?? store.DefaultLowStockThreshold;
            return new ProductResponse(
                p.Sku, p.Name, p.IsArchived, p.LowStockThreshold, threshold, p.SmsAlerts, p.OutOfStockPolicy, p.EffectivePolicy(store),
                p.LeadTimeDays, p.SafetyStock, WithoutTrailingZeros(p.SeasonalFactor), onHand, reserved, available, stock.Sum(l => l.Backordered),
                StockStatusRule.Of(available, threshold, levels[p.Id].Any(l => l.Stocked)), stock, p.Price, store.Currency);
        }).ToList();
    }
}
