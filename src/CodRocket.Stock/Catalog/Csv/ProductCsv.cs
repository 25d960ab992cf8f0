using System.Globalization;

namespace CodRocket.Stock.Catalog.Csv;

/// <summary>
/// The products CSV, shared by export and import so that an exported file imports back unchanged (README:
/// "Products CSV"). UTF-8, a header row, one product per row:
/// <c>sku, name, price, low_stock_alert, sms_alerts, out_of_stock_policy, lead_time_days, safety_stock, seasonal_factor</c>,
/// then two columns per warehouse: <c>threshold:CODE</c> (its Low Stock Alert) and <c>stock:CODE</c> (units on hand).
/// </summary>
/// <remarks>
/// Import rules: only <c>sku</c> is required; a column left out is left unchanged. An empty cell clears a setting that
/// may be unset (price → not priced, Low Stock Alert → store default, policy → store default, lead time, safety stock, a
/// warehouse threshold); <c>price</c> is in the store's currency with a dot for decimals (12.50); <c>sms_alerts</c> and <c>seasonal_factor</c> need a value. An empty <c>stock:CODE</c> cell means "not
/// counted"; a number is a stock count (an adjustment through the ledger when it differs). <c>name</c> is there to
/// read the file and to create products: a row whose SKU the store does not have yet creates the product with that
/// name (a row with an unknown SKU and no name is an error); the import does not rename existing products.
/// </remarks>
public static class ProductCsv
{
    public const string Sku = "sku";
    public const string Name = "name";
    public const string Price = "price";
    public const string LowStockAlert = "low_stock_alert";
    public const string SmsAlerts = "sms_alerts";
    public const string OutOfStockPolicy = "out_of_stock_policy";
    public const string LeadTimeDays = "lead_time_days";
    public const string SafetyStock = "safety_stock";
    public const string SeasonalFactor = "seasonal_factor";
    public const string ThresholdPrefix = "threshold:";
    public const string StockPrefix = "stock:";

    /// <summary>The largest file the import reads, and the most product rows.</summary>
    public const int MaxBytes = 20 * 1024 * 1024;
    public const int MaxRows = 100_000;

    public static readonly string[] ProductColumns = [Sku, Name, Price, LowStockAlert, SmsAlerts, OutOfStockPolicy, LeadTimeDays, SafetyStock, SeasonalFactor];

    public static string Yes(bool value) => value ? "yes" : "no";

    public static string Policy(Catalog.OutOfStockPolicy? policy) => policy switch
    {
        Catalog.OutOfStockPolicy.Block => "block",
        Catalog.OutOfStockPolicy.Warn => "warn",
        Catalog.OutOfStockPolicy.Backorder => "backorder",
        _ => "",
    };

    public static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>A price as 12.50 (invariant, no group separator); empty when not priced.</summary>
    public static string Money(decimal? value) => value is { } price ? Prices.Invariant(price) : "";

    /// <summary>1.500 in the database is written 1.5.</summary>
    public static string Factor(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Removes the ' the export puts before text starting with = + - @ (so spreadsheets do not run it).</summary>
    public static string Unescape(string text) =>
        text.Length > 1 && text[0] == '\'' && text[1] is '=' or '+' or '-' or '@' ? text[1..] : text;

    public static bool TryParseYes(string text, out bool value)
    {
        switch (text.ToUpperInvariant())
        {
            case "YES" or "Y" or "TRUE" or "1" or "ON":
                value = true;
                return true;
            case "NO" or "N" or "FALSE" or "0" or "OFF":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>block, warn, backorder (also the page's words); empty or "default" for the store default.</summary>
    public static bool TryParsePolicy(string text, out Catalog.OutOfStockPolicy? policy)
    {
        policy = text.Trim().ToUpperInvariant() switch
        {
            "" or "DEFAULT" or "STORE DEFAULT" => null,
            "BLOCK" or "BLOCK ORDERS" => Catalog.OutOfStockPolicy.Block,
            "WARN" or "WARNING" or "WARNING ONLY" => Catalog.OutOfStockPolicy.Warn,
            "BACKORDER" or "AUTO-BACKORDER" or "AUTO BACKORDER" => Catalog.OutOfStockPolicy.Backorder,
            _ => (Catalog.OutOfStockPolicy)(-1),
        };
        return policy is null || Enum.IsDefined(policy.Value);
    }
}
