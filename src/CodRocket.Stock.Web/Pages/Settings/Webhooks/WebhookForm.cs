using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Webhooks;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Settings.Webhooks;

/// <summary>The endpoint form of Settings → Webhooks (new and edit).</summary>
public sealed class WebhookForm
{
    [Display(Name = "Endpoint URL")]
    public string? Url { get; set; }

    /// <summary>Empty unless posted (no box ticked binds nothing); a new endpoint's form starts with <see cref="New"/>.</summary>
    public List<string> Events { get; set; } = [];

    /// <summary>SKUs, one per line or comma-separated; empty for every product.</summary>
    [Display(Name = "Products")]
    public string? Products { get; set; }

    [Display(Name = "Active")]
    public bool Active { get; set; } = true;

    /// <summary>The form of a new endpoint: every event ticked.</summary>
    public static WebhookForm New() => new() { Events = [.. WebhookEventTypes.All] };

    public WebhookDraft ToDraft() => new(Url, Events, Skus(), Active);

    public IReadOnlyList<string> Skus() =>
        (Products ?? "").Split([',', '\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The domain's refusals as form errors, in the reader's language.</summary>
    public static void AddErrors(ModelStateDictionary state, IReadOnlyList<WebhookError> errors, IStringLocalizer localizer)
    {
        foreach (var error in errors)
        {
            var field = error.Field switch { "url" => "Url", "events" => "Events", _ => "Products" };
            state.AddModelError($"Input.{field}", localizer[error.Message, error.Arguments]);
        }
    }
}
