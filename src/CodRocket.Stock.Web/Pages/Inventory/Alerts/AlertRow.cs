using CodRocket.Stock.Alerts;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;

namespace CodRocket.Stock.Web.Pages.Inventory.Alerts;

/// <summary>An alert as the dashboard card and the alerts page show it, with the scope's stock right now.</summary>
public sealed record AlertRow(
    Guid Id,
    Guid ProductId,
    string Sku,
    string ProductName,
    string? WarehouseCode,
    AlertLevel Level,
    int ThresholdAtOpen,
    int? ThresholdNow,
    int AvailableNow,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? SnoozedUntil,
    int AvailableAtOpen = 0,
    int? AvailableAtEscalation = null,
    int? AvailableAtResolution = null)
{
    public StockStatus StatusNow => StockStatusRule.Of(AvailableNow, ThresholdNow);

    public bool IsSnoozed(DateTimeOffset now) => SnoozedUntil > now;

    /// <summary>The projection; apply filters, order and paging before it so the subqueries run for one page.</summary>
    public static IQueryable<AlertRow> Project(IQueryable<StockAlert> alerts, StockDbContext db, int? storeDefaultThreshold) =>
        alerts.Select(a => new AlertRow(
            a.Id,
            a.ProductId,
            a.Product.Sku,
            a.Product.Name,
            a.Warehouse == null ? null : a.Warehouse.Code,
            a.Level,
            a.Threshold,
            a.WarehouseId == null
                ? a.Product.LowStockThreshold ?? storeDefaultThreshold
                : db.StockLevels.Where(s => s.ProductId == a.ProductId && s.WarehouseId == a.WarehouseId).Select(s => s.LowStockThreshold).FirstOrDefault(),
            db.StockLevels.Where(s => s.ProductId == a.ProductId && (a.WarehouseId == null || s.WarehouseId == a.WarehouseId))
                .Sum(s => s.Available),
            a.OpenedAt,
            a.ResolvedAt,
            a.AcknowledgedAt,
            db.Users.Where(u => u.Id == a.AcknowledgedBy).Select(u => u.FullName).FirstOrDefault(),
            a.SnoozedUntil,
            a.AvailableAtOpen,
            a.AvailableAtEscalation,
            a.AvailableAtResolution));
}
