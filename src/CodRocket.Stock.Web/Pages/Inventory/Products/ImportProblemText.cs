using System.Globalization;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Catalog.Csv;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Inventory.Products;

/// <summary>What each import problem says to the merchant.</summary>
public static class ImportProblemText
{
    public static string Message(ImportProblem p, IStringLocalizer l)
    {
        var value = p.Value ?? "";
        var other = p.Other?.ToString("N0", CultureInfo.CurrentCulture) ?? "";
        return (p.Kind switch
        {
            ImportProblemKind.WrongEncoding when value.Length > 0 =>
                l["The file is in {0}, not UTF-8. Save it as “CSV UTF-8” and upload it again.", value],
            ImportProblemKind.WrongEncoding =>
                l["Wrong encoding: this line has bytes that are not UTF-8 (a file saved as Latin-1 or Windows-1252?). Save it as “CSV UTF-8” and upload it again."],
            ImportProblemKind.ControlCharacter =>
                l["This line holds a control character (such as NUL) that no field may contain: remove it and upload the file again."],
            ImportProblemKind.EmptyFile => l["The file is empty: it needs a header row (sku, …) and one row per product."],
            ImportProblemKind.NoRows => l["The file has a header but no product rows."],
            ImportProblemKind.TooManyRows => l["The file has more than {0} product rows: split it into several files.", other],
            ImportProblemKind.MissingSkuColumn => l["The header has no “sku” column: every row must name its product by SKU."],
            ImportProblemKind.UnknownColumn =>
                l["Unknown column. Columns are sku, name, price, low_stock_alert, sms_alerts, out_of_stock_policy, lead_time_days, safety_stock, seasonal_factor, threshold:CODE and stock:CODE."],
            ImportProblemKind.DuplicateColumn => l["This column appears twice in the header."],
            ImportProblemKind.UnknownWarehouse => l["No warehouse has the code “{0}” in this store.", value],
            ImportProblemKind.WrongCellCount => l["This row does not have {0} cells like the header.", other],
            ImportProblemKind.MalformedRow => l["This row cannot be read: a quote (\") is out of place."],
            ImportProblemKind.Required => l["A value is required."],
            ImportProblemKind.NotAWholeNumber => l["“{0}” is not a whole number.", value],
            ImportProblemKind.Negative => l["“{0}” is negative: enter 0 or more.", value],
            ImportProblemKind.TooLarge => l["“{0}” is too large.", value],
            ImportProblemKind.NotANumber => l["“{0}” is not a number.", value],
            ImportProblemKind.InvalidPrice => l["“{0}” is not a price: from 0 to {1} with at most 2 decimals, a dot before the cents (12.50).", value, Prices.Max.ToString("N0")],
            ImportProblemKind.TooPrecise => l["“{0}” has more than 3 decimals: round it yourself.", value],
            ImportProblemKind.OutOfRange => l["“{0}” is outside {1} to {2}.", value, StockLimits.MinSeasonalFactor, StockLimits.MaxSeasonalFactor],
            ImportProblemKind.NotYesOrNo => l["“{0}” is not yes or no.", value],
            ImportProblemKind.UnknownPolicy => l["“{0}” is not a policy: use block, warn, backorder, or leave it empty for the store default.", value],
            ImportProblemKind.SkuTooLong => l["A SKU has at most {0} characters.", StockLimits.SkuMaxLength],
            ImportProblemKind.NameTooLong => l["A name has at most {0} characters.", StockLimits.NameMaxLength],
            ImportProblemKind.HiddenCharacters => l["The SKU holds an invisible or direction-changing character (such as a zero-width space): type it again without it."],
            ImportProblemKind.DuplicateSku => l["The SKU “{0}” is already on line {1}.", value, other],
            ImportProblemKind.UnknownSku => l["No product has the SKU “{0}” in this store.", value],
            _ => l["A stock count was refused ({0}).", value],
        }).Value;
    }
}
