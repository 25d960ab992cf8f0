using System.Globalization;
using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CodRocket.Stock.Web.Pages.Inventory.Products;

/// <summary>The "Stock Settings" section, shared by the create and edit forms.</summary>
public sealed class StockSettingsInput
{
    [Range(0, StockLimits.MaxThreshold, ErrorMessage = "{0} is a whole number from {1} to {2}.")]
    [Display(Name = "Low Stock Alert")]
    public int? LowStockThreshold { get; set; }

    [Display(Name = "SMS alerts")]
    public bool SmsAlerts { get; set; }

    [Display(Name = "When out of stock")]
    public OutOfStockPolicy? OutOfStockPolicy { get; set; }

    [Range(0, StockLimits.MaxLeadTimeDays, ErrorMessage = "{0} is a whole number of days from {1} to {2}.")]
    [Display(Name = "Supplier lead time")]
    public int? LeadTimeDays { get; set; }

    [Range(0, StockLimits.MaxSafetyStock, ErrorMessage = "{0} is a whole number from {1} to {2}.")]
    [Display(Name = "Safety stock")]
    public int? SafetyStock { get; set; }

    [Required(ErrorMessage = "Enter a seasonal factor (1 when there is no season).")]
    [Range(StockLimits.MinSeasonalFactor, StockLimits.MaxSeasonalFactor, ErrorMessage = "{0} is between {1} and {2}.")]
    [MaxDecimals(StockLimits.SeasonalFactorDecimals, ErrorMessage = "{0} has at most 3 decimals.")]
    [Display(Name = "Seasonal factor")]
    public decimal? SeasonalFactor { get; set; } = 1m;

    public List<WarehouseThresholdInput> Warehouses { get; set; } = [];

    /// <summary>Shown as hints ("empty: the store default, 5"); never posted.</summary>
    [BindNever]
    public int? StoreDefaultThreshold { get; set; }

    [BindNever]
    public OutOfStockPolicy StoreDefaultPolicy { get; set; }

    public static StockSettingsInput From(Product product) => new()
    {
        LowStockThreshold = product.LowStockThreshold,
        SmsAlerts = product.SmsAlerts,
        OutOfStockPolicy = product.OutOfStockPolicy,
        LeadTimeDays = product.LeadTimeDays,
        SafetyStock = product.SafetyStock,
        // 1.500 in the database reads as 1.5 in the form.
        SeasonalFactor = decimal.Parse(product.SeasonalFactor.ToString("0.###", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
    };

    public ProductStockSettings ToSettings() =>
        new(LowStockThreshold, SmsAlerts, OutOfStockPolicy, LeadTimeDays, SafetyStock, SeasonalFactor ?? 1m);
}

/// <summary>A per-warehouse Low Stock Alert. The warehouse name is display-only and refilled from the database.</summary>
public sealed class WarehouseThresholdInput
{
    public Guid WarehouseId { get; set; }

    [BindNever]
    public string? WarehouseName { get; set; }

    [BindNever]
    public bool WarehouseActive { get; set; } = true;

    [Range(0, StockLimits.MaxThreshold, ErrorMessage = "{0} is a whole number from {1} to {2}.")]
    [Display(Name = "Warehouse threshold")]
    public int? LowStockThreshold { get; set; }
}
