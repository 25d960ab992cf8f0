using CodRocket.Stock.Web.Api;
using Microsoft.AspNetCore.Diagnostics;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>
/// One guard for the text every request carries outside a JSON body (JSON bodies are checked by <see cref="RequestBody"/>):
/// a path segment, a query parameter or a form field holding a control character (NUL above all: PostgreSQL text cannot
/// hold it) answers 400 naming the field before any page or endpoint runs, so nothing is changed and nothing fails in SQL.
/// Pages get the 400 status page naming the field (<see cref="InvokeAsync"/>, a middleware); the API answers problem JSON
/// naming the route or query parameter (<see cref="ApiFilterAsync"/>, an endpoint filter on /api/v1).
/// </summary>
internal sealed class ControlCharacterGuard(RequestDelegate next)
{
    /// <summary>HttpContext item the status page reads: the field that held a control character.</summary>
    public const string FieldItem = "ControlCharacterField";

    /// <summary>Pages: before routing, a refused request becomes the 400 status page (GET, so no handler and no form runs).</summary>
    public async Task InvokeAsync(HttpContext http)
    {
        if (!ApiEndpoints.IsApiRequest(http) && http.Features.Get<IStatusCodeReExecuteFeature>() is null
            && await RefusedPageFieldAsync(http) is { } field)
        {
            http.Items[FieldItem] = field.StartsWith("Input.", StringComparison.Ordinal) ? field["Input.".Length..] : field;
            http.Request.Method = HttpMethods.Get;
            http.Request.Path = "/status/400";
            http.Request.QueryString = QueryString.Empty;
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await next(http);
    }

    /// <summary>The API: a route value or query parameter with a control character answers 400 naming it.</summary>
    public static async ValueTask<object?> ApiFilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        foreach (var (name, value) in request.RouteValues)
        {
            if (value is string text && ControlCharacters.In(text))
            {
                return Refused(name);
            }
        }
        return QueryField(request) is { } field ? Refused(field) : await next(context);

        static IResult Refused(string field) =>
            ApiResults.Validation(field, $"{field} holds a control character (such as NUL); send text only.");
    }

    private static string? QueryField(HttpRequest request)
    {
        foreach (var (name, values) in request.Query)
        {
            if (ControlCharacters.In(name) || values.Any(ControlCharacters.In))
            {
                return ControlCharacters.Strip(name);
            }
        }
        return null;
    }

    private static async Task<string?> RefusedPageFieldAsync(HttpContext http)
    {
        if (ControlCharacters.In(http.Request.Path.Value))
        {
            return "path";
        }
        if (QueryField(http.Request) is { } field)
        {
            return field;
        }
        if (!http.Request.HasFormContentType)
        {
            return null;
        }
        // ASP.NET Core's form reader refuses an encoded NUL without saying where: keep the body to find the field.
        http.Request.EnableBuffering();
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return await NulFieldAsync(http.Request);
        }
        foreach (var (name, values) in form)
        {
            if (ControlCharacters.In(name) || values.Any(ControlCharacters.In))
            {
                return ControlCharacters.Strip(name);
            }
        }
        return null;
    }

    /// <summary>The field of a URL-encoded form whose name or value holds an encoded NUL; "form" when it cannot be told.</summary>
    private static async Task<string> NulFieldAsync(HttpRequest request)
    {
        if (!request.Body.CanSeek || request.ContentLength is not (> 0 and <= 1024 * 1024))
        {
            return "form";
        }
        request.Body.Position = 0;
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        foreach (var pair in body.Split('&'))
        {
            if (pair.Contains("%00", StringComparison.Ordinal))
            {
                var name = Uri.UnescapeDataString(pair.Split('=')[0].Replace('+', ' '));
                return ControlCharacters.Strip(name) is { Length: > 0 } field ? field : "form";
            }
        }
        return "form";
    }
}
