using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace CodRocket.Stock.Testing;

/// <summary>An HTTP client that reads pages as HTML and submits their forms with the antiforgery token.</summary>
public sealed class StoreClient(HttpClient http) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http => http;

    public async Task<Page> GetAsync(string url)
    {
        using var response = await http.GetAsync(new Uri(url, UriKind.Relative));
        return new Page(response.StatusCode, response.Headers.Location?.ToString(), Parser.ParseDocument(await response.Content.ReadAsStringAsync()))
        {
            Url = url,
        };
    }

    /// <summary>
    /// Submits <paramref name="form"/> of <paramref name="page"/> exactly as a browser would: to the form's own action
    /// (the page itself when it has none), with the form's own fields only (so with its antiforgery token only if the
    /// form carries one), and the name and value of the <paramref name="submitter"/> button if it has them.
    /// </summary>
    public async Task<Page> SubmitAsync(Page page, IHtmlFormElement form, IHtmlElement? submitter = null)
    {
        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : page.Url ?? throw new InvalidOperationException("The page has no URL.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled"))
            {
                continue;
            }
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box when !box.IsChecked:
                case IHtmlInputElement { Type: "submit" or "button" or "image" or "file" }:
                case IHtmlButtonElement:
                    continue;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlSelectElement select:
                    fields.AddRange(select.Options.Where(o => o.IsSelected).Select(o => new KeyValuePair<string, string>(name, o.Value)));
                    if (!select.IsMultiple && !select.Options.Any(o => o.IsSelected) && select.Options.FirstOrDefault() is { } first)
                    {
                        fields.Add(new(name, first.Value));
                    }
                    break;
                case IHtmlTextAreaElement text:
                    fields.Add(new(name, text.Value));
                    break;
            }
        }
        if (submitter?.GetAttribute("name") is { Length: > 0 } submitterName)
        {
            fields.Add(new(submitterName, submitter.GetAttribute("value") ?? ""));
        }
        if (!string.Equals(form.Method, "post", StringComparison.OrdinalIgnoreCase))
        {
            return await GetAsync(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(action.Split('?')[0],
                fields.Select(f => new KeyValuePair<string, string?>(f.Key, f.Value))));
        }
        using var content = new FormUrlEncodedContent(fields);
        using var response = await http.PostAsync(new Uri(action, UriKind.RelativeOrAbsolute), content);
        return new Page(response.StatusCode, response.Headers.Location?.ToString(), Parser.ParseDocument(await response.Content.ReadAsStringAsync()))
        {
            Url = action,
        };
    }

    /// <summary>
    /// Loads <paramref name="url"/>, takes the antiforgery token from its form, and posts <paramref name="fields"/>
    /// (to the named handler, if given) the way a browser would.
    /// </summary>
    public async Task<Page> PostFormAsync(string url, Dictionary<string, string> fields, string? handler = null, string? formUrl = null)
    {
        var form = await GetAsync(formUrl ?? url);
        var token = form.Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No antiforgery token on {formUrl ?? url} ({form.Status}).");
        var target = handler is null ? url : $"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}handler={handler}";
        using var content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token)));
        using var response = await http.PostAsync(new Uri(target, UriKind.Relative), content);
        return new Page(response.StatusCode, response.Headers.Location?.ToString(), Parser.ParseDocument(await response.Content.ReadAsStringAsync()));
    }

    public void Dispose() => http.Dispose();
}

public sealed record Page(HttpStatusCode Status, string? Location, IHtmlDocument Document)
{
    /// <summary>The address the page was read from (relative), when known.</summary>
    public string? Url { get; init; }

    public IEnumerable<string> ValidationMessages =>
        Document.QuerySelectorAll(".field-validation-error, .validation-summary-errors li")
            .Select(e => e.TextContent.Trim())
            .Where(t => t.Length > 0);

    public string Text => Document.Body?.TextContent ?? "";
}
