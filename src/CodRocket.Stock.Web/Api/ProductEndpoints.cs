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
    [property: RequiredField, TextLength(StockLimits.SkuMaxLength), NoHiddenCharacters] string? Sku,
    [property: RequiredField, TextLength(StockLimits.NameMaxLength)] string? Name,
    [property: WholeNumber(0, StockLimits.MaxThreshold)] int? LowStockThreshold,
    bool? SmsAlerts,
    OutOfStockPolicy? OutOfStockPolicy,
    [property: WholeNumber(0, StockLimits.MaxLeadTimeDays)] int? LeadTimeDays,
    [property: WholeNumber(0, StockLimits.MaxSafetyStock)] int? SafetyStock,
    [property: DecimalNumber(StockLimits.MinSeasonalFactor, StockLimits.MaxSeasonalFactor, StockLimits.SeasonalFactorDecimals)] decimal? SeasonalFactor,
    [property: Price] decimal? Price = null);

/// <summary>PATCH: only the fields sent change; null clears the nullable settings (and the price).</summary>
public sealed record ProductPatchRequest(
    [property: RefusesNull, TextLength(StockLimits.NameMaxLength)] Optional<string?> Name,
    [property: WholeNumber(0, StockLimits.MaxThreshold)] Optional<int?> LowStockThreshold,
    [property: RefusesNull] Optional<bool?> SmsAlerts,
    Optional<OutOfStockPolicy?> OutOfStockPolicy,
    [property: WholeNumber(0, StockLimits.MaxLeadTimeDays)] Optional<int?> LeadTimeDays,
    [property: WholeNumber(0, StockLimits.MaxSafetyStock)] Optional<int?> SafetyStock,
    [property: RefusesNull, DecimalNumber(StockLimits.MinSeasonalFactor, StockLimits.MaxSeasonalFactor, StockLimits.SeasonalFactorDecimals)] Optional<decimal?> SeasonalFactor,
    [property: Price] Optional<decimal?> Price);

/// <param name="LowStockThreshold">This warehouse's own threshold; null: the product's applies.</param>
public sealed record ThresholdRequest(
    [property: MustSend("{0} is required (null clears the warehouse threshold)."), WholeNumber(0, StockLimits.MaxThreshold)] Optional<int?> LowStockThreshold);

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
        ProductRequest request, StockDbContext db, StockWorkFactory stockWork, TimeProvider clock, CancellationToken ct)
    {
        var settings = new ProductStockSettings(
            request.LowStockThreshold, request.SmsAlerts ?? false, request.OutOfStockPolicy,
            request.LeadTimeDays, request.SafetyStock, request.SeasonalFactor ?? 1m);

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
        string sku, ProductPatchRequest request, HttpContext http, StockDbContext db, StockWorkFactory stockWork, TimeProvider clock,
        CancellationToken ct)
    {
        if (await FindAsync(db, sku, ct) is not { } product)
        {
            return NotFound(sku);
        }
        // Each value was checked as sent (RequestRules); what is left out stays as it is.
        var settings = new ProductStockSettings(
            request.LowStockThreshold.Or(product.LowStockThreshold),
            request.SmsAlerts.Value ?? product.SmsAlerts,
            request.OutOfStockPolicy.Or(product.OutOfStockPolicy),
            request.LeadTimeDays.Or(product.LeadTimeDays),
            request.SafetyStock.Or(product.SafetyStock),
            request.SeasonalFactor.Value ?? product.SeasonalFactor);

        var now = clock.GetUtcNow();
        // A changed threshold is evaluated at once, as on the product page: raising it above stock opens an alert.
        await using (var work = await stockWork.BeginAsync([product.Id], ct))
        {
            await work.AuditSettingsAsync(Origin(http), ct);
            if (request.Name.Value is { } name)
            {
                product.Rename(name, now);
            }
            product.UpdateStockSettings(settings, now);
            if (request.Price.IsSet)
            {
                product.SetPrice(request.Price.Value, now);
            }
            await db.SaveChangesAsync(ct);
            await work.CommitAsync(ct);
        }
        var store = await db.CurrentTenantAsync(ct);
        return TypedResults.Ok((await ProjectAsync(db, store, db.Products.Where(p => p.Id == product.Id), ct)).Single());
    }

    private static async Task<IResult> SetWarehouseThresholdAsync(
        string sku, string code, ThresholdRequest request, HttpContext http, StockDbContext db, StockWorkFactory stockWork, TimeProvider clock,
        CancellationToken ct)
    {
        var threshold = request.LowStockThreshold.Value;
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
