using System.Globalization;
using CodRocket.Stock.Alerts;
using CodRocket.Stock.Notifications;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Notifications;

/// <summary>The words e-mail templates share (HTML and text say the same).</summary>
public static class EmailText
{
    public static string Scope(IStringLocalizer L, AlertLine a) =>
        a.WarehouseCode is null ? L["All warehouses"] : $"{a.WarehouseCode} ({a.WarehouseName})";

    // Resource names are case-insensitive: "OUT OF STOCK" would collide with the pages' "Out of stock".
    public static string Level(IStringLocalizer L, AlertLevel level) =>
        level == AlertLevel.Out ? L["Out of stock"].Value.ToUpper(CultureInfo.CurrentCulture) : L["Low stock"];

    public static string DaysLeft(IStringLocalizer L, decimal? days) => days switch
    {
        null => L["No recent sales"],
        0m => L["nothing left"],
        < 1m => L["less than a day left"],
        { } d => L["{0:N0} days left", Math.Floor(d)],
    };
}

