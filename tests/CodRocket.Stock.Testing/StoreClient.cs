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
        return new Page(response.StatusCode, response.Headers.Location?.ToString(), Parser.ParseDocument(await response.Content.ReadAsStringAsync()));
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
    public IEnumerable<string> ValidationMessages =>
        Document.QuerySelectorAll(".field-validation-error, .validation-summary-errors li")
            .Select(e => e.TextContent.Trim())
            .Where(t => t.Length > 0);

    public string Text => Document.Body?.TextContent ?? "";
}
