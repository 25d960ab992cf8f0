using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Catalog;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Inventory.Products;

/// <summary>The values a bulk action asks for: a threshold and its scope, or a policy. Validated as on the product page.</summary>
public sealed class BulkInput
{
    [Range(0, StockLimits.MaxThreshold, ErrorMessage = "{0} is a whole number from {1} to {2}.")]
    [Display(Name = "Low Stock Alert")]
    public int? Threshold { get; set; }

    /// <summary>Empty: the product-wide Low Stock Alert; otherwise a warehouse id.</summary>
    [Display(Name = "Applies to")]
    public Guid? WarehouseId { get; set; }

    /// <summary>Empty: the store default; otherwise a policy name.</summary>
    [Display(Name = "When out of stock")]
    public string? Policy { get; set; }

    /// <summary>The domain action for <paramref name="bulk"/> (a <see cref="BulkMenu"/> value), or null with model errors added.</summary>
    public BulkAction? ToAction(string? bulk, ISet<Guid> storeWarehouses, ModelStateDictionary errors, IStringLocalizer localizer)
    {
        if (WarehouseId is { } warehouse && !storeWarehouses.Contains(warehouse))
        {
            errors.AddModelError("Input.WarehouseId", localizer["Choose a warehouse of this store."]);
        }
        OutOfStockPolicy? policy = null;
        if (bulk == BulkMenu.Policy && !string.IsNullOrEmpty(Policy))
        {
            if (Enum.TryParse<OutOfStockPolicy>(Policy, out var parsed) && Enum.IsDefined(parsed))
            {
                policy = parsed;
            }
            else
            {
                errors.AddModelError("Input.Policy", localizer["Choose an out-of-stock policy."]);
            }
        }
        if (bulk == BulkMenu.SetThreshold && Threshold is null && errors.GetFieldValidationState("Input.Threshold") != ModelValidationState.Invalid)
        {
            errors.AddModelError("Input.Threshold", localizer["Enter the Low Stock Alert to set."]);
        }
        if (!errors.IsValid)
        {
            return null;
        }
        return bulk switch
        {
            BulkMenu.SetThreshold => BulkAction.SetThreshold(Threshold!.Value, WarehouseId),
            BulkMenu.ClearThreshold => BulkAction.ClearThreshold(WarehouseId),
            BulkMenu.SuggestedThreshold => BulkAction.ApplySuggested(),
            BulkMenu.SmsOn => BulkAction.SmsAlerts(true),
            BulkMenu.SmsOff => BulkAction.SmsAlerts(false),
            BulkMenu.Policy => BulkAction.SetPolicy(policy),
            _ => null,
        };
    }

    /// <summary>What was done, for the confirmation shown on the product list.</summary>
    public static string Confirmation(BulkAction action, BulkResult result, string? warehouse, string? policyName, IStringLocalizer localizer)
    {
        var changed = result.Changed.ToString("N0");
        var what = action.Kind switch
        {
            BulkActionKind.SetLowStockThreshold when warehouse is not null =>
                localizer["Low Stock Alert for {0} set to {1} on {2} products.", warehouse, action.Threshold!.Value.ToString("N0"), changed],
            BulkActionKind.SetLowStockThreshold => localizer["Low Stock Alert set to {0} on {1} products.", action.Threshold!.Value.ToString("N0"), changed],
            BulkActionKind.ClearLowStockThreshold when warehouse is not null => localizer["Low Stock Alert for {0} cleared on {1} products.", warehouse, changed],
            BulkActionKind.ClearLowStockThreshold => localizer["Low Stock Alert cleared on {0} products: they use the store default.", changed],
            BulkActionKind.ApplySuggestedThreshold => localizer["Suggested Low Stock Alert applied to {0} products.", changed],
            BulkActionKind.EnableSmsAlerts => localizer["SMS alerts turned on for {0} products.", changed],
            BulkActionKind.DisableSmsAlerts => localizer["SMS alerts turned off for {0} products.", changed],
            _ => localizer["Out-of-stock policy set to {0} on {1} products.", policyName ?? "", changed],
        };
        var text = what.Value;
        var already = result.Selected - result.Changed - (result.Skipped?.Total ?? 0);
        if (already > 0)
        {
            text += " " + localizer["{0} already had this setting.", already.ToString("N0")].Value;
        }
        if (result.Skipped is { } skipped)
        {
            text += SkippedText(skipped, localizer);
        }
        if (result.Alerts is { Opened: > 0 } or { Resolved: > 0 } or { Escalated: > 0 })
        {
            text += " " + localizer["Alerts: {0} opened, {1} resolved.", result.Alerts.Opened.ToString("N0"), result.Alerts.Resolved.ToString("N0")].Value;
        }
        return text;
    }

    /// <summary>Why "Apply suggested threshold" leaves products alone, and which suggestions were capped; empty when none.</summary>
    public static string SkippedText(BulkSkipped skipped, IStringLocalizer localizer)
    {
        var text = "";
        if (skipped.Total > 0)
        {
            text += " " + localizer["{0} skipped: no supplier lead time, so no suggestion.", skipped.Total.ToString("N0")].Value;
        }
        if (skipped.Capped > 0)
        {
            text += " " + localizer["{0} suggestions above {1} are capped at {1}.", skipped.Capped.ToString("N0"), StockLimits.MaxThreshold.ToString("N0")].Value;
        }
        return text;
    }

    public static string Title(string? bulk) => bulk switch
    {
        BulkMenu.SuggestedThreshold => Text.Key("Apply suggested threshold"),
        BulkMenu.SetThreshold => Text.Key("Set Low Stock Alert"),
        BulkMenu.ClearThreshold => Text.Key("Clear Low Stock Alert"),
        BulkMenu.SmsOn => Text.Key("Enable SMS alerts"),
        BulkMenu.SmsOff => Text.Key("Disable SMS alerts"),
        _ => Text.Key("Set out-of-stock policy"),
    };

    public static bool NeedsInput(string? bulk) => bulk is BulkMenu.SetThreshold or BulkMenu.ClearThreshold or BulkMenu.Policy;
}
