using System.Globalization;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Web.Infrastructure;
using CodRocket.Stock.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Inventory.Products;

/// <summary>A product's settings history as the product page and its history page show it.</summary>
public static class SettingHistory
{
    /// <param name="BatchId">The bulk action, import or revert the row is part of (its change page); null for one product's change.</param>
    /// <param name="Reverts">For a revert's row: the change it put back.</param>
    /// <param name="Revertible">The row's change can still be reverted (a bulk action or an import, not reverted yet).</param>
    public sealed record Row(
        DateTimeOffset At, SettingField Field, string? WarehouseCode, string? OldValue, string? NewValue, ChangeSource Source, string? User, string? ApiKey,
        Guid? BatchId = null, Guid? Reverts = null, bool Revertible = false);

    public static IQueryable<SettingChange> Of(StockDbContext db, Guid productId) =>
        db.SettingChanges.AsNoTracking().Where(c => c.ProductId == productId);

    public static Task<List<Row>> PageAsync(StockDbContext db, IQueryable<SettingChange> changes, int skip, int take, CancellationToken ct) =>
        changes.OrderByDescending(c => c.Id).Skip(skip).Take(take)
            .Select(c => new Row(
                c.ChangedAt, c.Field,
                db.Warehouses.Where(w => w.Id == c.WarehouseId).Select(w => w.Code).FirstOrDefault(),
                c.OldValue, c.NewValue, c.Source,
                db.Users.Where(u => u.Id == c.UserId).Select(u => u.FullName).FirstOrDefault(),
                db.ApiKeys.Where(k => k.Id == c.ApiKeyId).Select(k => k.Name).FirstOrDefault(),
                c.BatchId,
                db.SettingChangeBatches.Where(b => b.Id == c.BatchId).Select(b => b.RevertsId).FirstOrDefault(),
                c.BatchId != null && c.Source != ChangeSource.Revert && !db.SettingChangeBatches.Any(b => b.RevertsId == c.BatchId)))
            .ToListAsync(ct);

    public static string FieldName(SettingField field) => field switch
    {
        SettingField.LowStockThreshold => Text.Key("Low Stock Alert"),
        SettingField.SmsAlerts => Text.Key("SMS alerts"),
        SettingField.OutOfStockPolicy => Text.Key("When out of stock"),
        SettingField.LeadTimeDays => Text.Key("Supplier lead time"),
        SettingField.SafetyStock => Text.Key("Safety stock"),
        _ => Text.Key("Seasonal factor"),
    };

    public static string SourceName(ChangeSource source) => source switch
    {
        ChangeSource.ProductPage => Text.Key("Product page"),
        ChangeSource.BulkAction => Text.Key("Bulk action"),
        ChangeSource.Import => Text.Key("CSV import"),
        ChangeSource.Revert => Text.Key("Revert of a change"),
        _ => Text.Key("API"),
    };

    /// <summary>A recorded value (invariant text) in merchant words.</summary>
    public static string Value(Row row, string? value, IStringLocalizer l)
    {
        if (value is null)
        {
            return row.Field switch
            {
                SettingField.LowStockThreshold when row.WarehouseCode is null => l["Store default"],
                SettingField.OutOfStockPolicy => l["Store default"],
                _ => l["not set"],
            };
        }
        return row.Field switch
        {
            SettingField.SmsAlerts => value == "true" ? l["On"] : l["Off"],
            SettingField.OutOfStockPolicy when Enum.TryParse<OutOfStockPolicy>(value, out var policy) => l[PolicyText.Name(policy)],
            SettingField.LeadTimeDays when int.TryParse(value, CultureInfo.InvariantCulture, out var days) => l["{0, plural, one {# day} other {# days}}"].Plural(days),
            SettingField.SeasonalFactor when decimal.TryParse(value, CultureInfo.InvariantCulture, out var factor) => "× " + factor.ToString("0.###"),
            _ when int.TryParse(value, CultureInfo.InvariantCulture, out var number) => number.ToString("N0"),
            _ => value,
        };
    }
}
