using CodRocket.Stock.Alerts;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Api;

/// <param name="Warehouse">The warehouse code, or null for the product-wide scope (total across warehouses).</param>
/// <param name="Level">low, or out once it reached zero.</param>
/// <param name="Threshold">The scope's threshold when the alert opened.</param>
/// <param name="Available">The scope's available stock now.</param>
public sealed record AlertResponse(
    Guid Id,
    string Sku,
    string? Warehouse,
    AlertLevel Level,
    int Threshold,
    int Available,
    int AvailableAtOpen,
    DateTimeOffset OpenedAt,
    DateTimeOffset? EscalatedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? SnoozedUntil);

internal static class AlertEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/alerts").WithTags("Alerts");
        group.MapGet("", ListAsync)
            .WithName("ListAlerts").WithSummary("List open (or resolved) low-stock alerts")
            .Produces<ListResponse<AlertResponse>>().ProducesValidationProblem();
        group.MapPost("/{id:guid}/acknowledge", AcknowledgeAsync)
            .WithName("AcknowledgeAlert").WithSummary("Acknowledge an alert")
            .Produces<AlertResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> ListAsync(
        string? status, string? sku, int? page, int? pageSize, StockDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var paging = ApiPaging.From(page, pageSize, errors);
        bool? open = status switch
        {
            null or "" or "open" => true,
            "resolved" => false,
            _ => null,
        };
        if (open is null)
        {
            errors.Add("status", "status is open or resolved.");
        }
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var alerts = db.StockAlerts.AsNoTracking().Where(a => open == true ? a.ResolvedAt == null : a.ResolvedAt != null);
        if (!string.IsNullOrWhiteSpace(sku))
        {
            var wanted = ProductEndpoints.SkuFromPath(sku);
            alerts = alerts.Where(a => a.Product.Sku == wanted);
        }
        var total = await alerts.CountAsync(ct);
        var ordered = open == true
            ? alerts.OrderByDescending(a => a.OpenedAt).ThenBy(a => a.Id)
            : alerts.OrderByDescending(a => a.ResolvedAt).ThenBy(a => a.Id);
        var items = await Project(db, ordered.Skip(paging.Skip).Take(paging.PageSize)).ToListAsync(ct);
        return TypedResults.Ok(paging.Of(items, total));
    }

    /// <summary>
    /// Acknowledged the way the alerts page does it (<see cref="StockAlert.Acknowledge"/> and an <see cref="AlertEvent"/>):
    /// the alert stays open until stock is back above the threshold, but leaves the badge. Acknowledging twice is harmless.
    /// </summary>
    private static async Task<IResult> AcknowledgeAsync(
        Guid id, StockDbContext db, ITenantContext tenant, TimeProvider clock, CancellationToken ct)
    {
        if (await db.StockAlerts.SingleOrDefaultAsync(a => a.Id == id, ct) is not { } alert)
        {
            return ApiResults.NotFound($"No alert with the id '{id}'.");
        }
        if (!alert.IsOpen)
        {
            return ApiResults.Conflict("The alert is resolved: stock is back above the threshold, there is nothing to acknowledge.");
        }
        var now = clock.GetUtcNow();
        if (alert.Acknowledge(tenant.UserId, now))
        {
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(await Project(db, db.StockAlerts.Where(a => a.Id == id)).SingleAsync(ct));
    }

    private static IQueryable<AlertResponse> Project(StockDbContext db, IQueryable<StockAlert> alerts) =>
        alerts.AsNoTracking().Select(a => new AlertResponse(
            a.Id,
            a.Product.Sku,
            a.Warehouse == null ? null : a.Warehouse.Code,
            a.Level,
            a.Threshold,
            db.StockLevels.Where(s => s.ProductId == a.ProductId && (a.WarehouseId == null || s.WarehouseId == a.WarehouseId))
                .Sum(s => s.Available),
            a.AvailableAtOpen,
            a.OpenedAt,
            a.EscalatedAt,
            a.ResolvedAt,
            a.AcknowledgedAt,
            a.SnoozedUntil));
}
