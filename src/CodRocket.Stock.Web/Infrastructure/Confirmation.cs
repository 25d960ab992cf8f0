using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>
/// A destructive action asks first. With JavaScript, site.js opens a dialog from the button's data-confirm and posts
/// with <see cref="Field"/>; without it, the handler answers this confirmation page instead of acting: the same
/// question, and a form that posts the same fields again, confirmed.
/// </summary>
public static class Confirmation
{
    public const string Field = "confirmed";

    /// <summary>The confirmation page when the post was not confirmed yet; null when the handler may go ahead.</summary>
    public static IActionResult? Unconfirmed(this PageModel page, string question, string consequence, string confirmLabel, string backUrl)
    {
        var form = page.Request.HasFormContentType ? page.Request.Form : null;
        if (form is not null && form[Field] == "true")
        {
            return null;
        }
        var fields = form is null
            ? []
            : form.Where(f => f.Key is not (Field or "__RequestVerificationToken"))
                .SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? "")))
                .ToList();
        var request = page.Request;
        var model = new ConfirmAction(question, consequence, confirmLabel, request.PathBase + request.Path + request.QueryString, backUrl, fields);
        return new ViewResult
        {
            ViewName = "/Pages/Shared/_Confirm.cshtml",
            ViewData = new ViewDataDictionary<ConfirmAction>(page.ViewData, model) { ["Title"] = question },
        };
    }
}

public sealed record ConfirmAction(
    string Question, string Consequence, string ConfirmLabel, string PostUrl, string BackUrl, IReadOnlyList<KeyValuePair<string, string>> Fields);
