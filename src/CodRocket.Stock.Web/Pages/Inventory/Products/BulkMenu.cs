namespace CodRocket.Stock.Web.Pages.Inventory.Products;

/// <summary>The Bulk Actions menu of the product list: what each entry posts to the bulk page.</summary>
public static class BulkMenu
{
    public const string SetThreshold = "set-threshold";
    public const string ClearThreshold = "clear-threshold";
    public const string SuggestedThreshold = "suggested-threshold";
    public const string SmsOn = "sms-on";
    public const string SmsOff = "sms-off";
    public const string Policy = "policy";

    /// <param name="Available">False hides an entry that is not ready (none at the moment).</param>
    public sealed record Item(string Value, string Label, string Icon, int Group, bool Available = true);

    public static readonly IReadOnlyList<Item> Items =
    [
        new(SetThreshold, Text.Key("Set Low Stock Alert…"), "bi-bell", 0),
        new(ClearThreshold, Text.Key("Clear Low Stock Alert…"), "bi-bell-slash", 0),
        new(SuggestedThreshold, Text.Key("Apply suggested threshold"), "bi-magic", 0),
        new(SmsOn, Text.Key("Enable SMS alerts"), "bi-phone-vibrate", 1),
        new(SmsOff, Text.Key("Disable SMS alerts"), "bi-phone", 1),
        new(Policy, Text.Key("Set out-of-stock policy…"), "bi-sign-stop", 2),
    ];
}
