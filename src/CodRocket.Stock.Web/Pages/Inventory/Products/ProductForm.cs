using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Inventory.Products;

/// <summary>The product form: identity fields plus Stock Settings.</summary>
public sealed class ProductInput
{
    [Required(ErrorMessage = "Enter a SKU.")]
    [StringLength(StockLimits.SkuMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
    [RegularExpression(@"^\S(.*\S)?$", ErrorMessage = "A SKU cannot start or end with a space.")]
    [Display(Name = "SKU")]
    public string Sku { get; set; } = "";

    [Required(ErrorMessage = "Enter a product name.")]
    [StringLength(StockLimits.NameMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
    [Display(Name = "Name")]
    public string Name { get; set; } = "";

    [Range(0, Prices.Max, ErrorMessage = "Enter a price from {1} to {2}, or leave it empty.")]
    [MaxDecimals(Prices.Decimals, ErrorMessage = "{0} has at most 2 decimals.")]
    [Display(Name = "Price")]
    public decimal? Price { get; set; }

    /// <summary>The store's currency, shown beside the price (display only).</summary>
    public string Currency { get; set; } = global::CodRocket.Stock.Tenancy.Currencies.Default;

    public StockSettingsInput Settings { get; set; } = new();
}

internal static class ProductForm
{
    /// <summary>
    /// The SKU checks the attributes cannot make: no invisible or direction-changing character, and no other product
    /// with the same SKU ignoring case. Returns the SKU normalized (NFC, trimmed) for saving.
    /// </summary>
    public static async Task<string> CheckSkuAsync(
        StockDbContext db, ModelStateDictionary modelState, IStringLocalizer localizer, string? input, Guid? productId, CancellationToken ct)
    {
        var sku = Identifiers.Normalize(input ?? "");
        if (Identifiers.HasHiddenCharacters(sku))
        {
            modelState.AddModelError("Input.Sku", localizer["The SKU holds an invisible or direction-changing character (such as a zero-width space): type it again without it."]);
        }
        else if (modelState.IsValid && await db.Products.Where(p => p.Sku == sku && p.Id != productId).Select(p => p.Sku).FirstOrDefaultAsync(ct) is { } taken)
        {
            modelState.AddModelError("Input.Sku", localizer["Another product already uses the SKU {0}.", taken]);
        }
        return sku;
    }

    /// <summary>
    /// Fills the display parts of the form: the store defaults and one threshold row per warehouse (active ones,
    /// plus inactive ones that still carry a threshold), in code order so posted rows line up with their errors.
    /// </summary>
    public static async Task PrepareAsync(StockDbContext db, ProductInput input, Guid? productId, bool fromDatabase, CancellationToken ct)
    {
        var store = await db.CurrentTenantAsync(ct);
        input.Currency = store.Currency;
        var settings = input.Settings;
        settings.StoreDefaultThreshold = store.DefaultLowStockThreshold;
        settings.StoreDefaultPolicy = store.DefaultOutOfStockPolicy;

        var warehouses = await db.Warehouses.AsNoTracking().OrderBy(w => w.Code)
            .Select(w => new { w.Id, w.Code, w.Name, w.IsActive })
            .ToListAsync(ct);
        var saved = productId is { } id
            ? await db.StockLevels.AsNoTracking().Where(s => s.ProductId == id)
                .ToDictionaryAsync(s => s.WarehouseId, s => s.LowStockThreshold, ct)
            : [];
        var posted = settings.Warehouses
            .GroupBy(w => w.WarehouseId)
            .ToDictionary(g => g.Key, g => g.First().LowStockThreshold);

        settings.Warehouses = warehouses
            .Where(w => w.IsActive || saved.GetValueOrDefault(w.Id) is not null)
            .Select(w => new WarehouseThresholdInput
            {
                WarehouseId = w.Id,
                WarehouseName = $"{w.Name} ({w.Code})",
                WarehouseActive = w.IsActive,
                LowStockThreshold = fromDatabase ? saved.GetValueOrDefault(w.Id) : posted.GetValueOrDefault(w.Id),
            })
            .ToList();
    }

    /// <summary>
    /// Writes the per-warehouse thresholds. Only warehouses of the current store count: an id posted from
    /// elsewhere matches nothing and changes nothing.
    /// </summary>
    public static async Task ApplyWarehouseThresholdsAsync(
        StockDbContext db, Guid productId, IReadOnlyList<WarehouseThresholdInput> posted, DateTimeOffset now, CancellationToken ct)
    {
        var wanted = posted.GroupBy(w => w.WarehouseId).ToDictionary(g => g.Key, g => g.First().LowStockThreshold);
        var storeWarehouses = await db.Warehouses.Where(w => wanted.Keys.Contains(w.Id)).Select(w => w.Id).ToListAsync(ct);
        var levels = await db.StockLevels.Where(s => s.ProductId == productId).ToDictionaryAsync(s => s.WarehouseId, ct);
        foreach (var warehouseId in storeWarehouses)
        {
            if (WarehouseThreshold.Set(levels.GetValueOrDefault(warehouseId), productId, warehouseId, wanted[warehouseId], now) is { } created)
            {
                db.StockLevels.Add(created);
            }
        }
    }
}
