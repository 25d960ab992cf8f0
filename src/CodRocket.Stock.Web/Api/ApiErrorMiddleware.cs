using CodRocket.Stock.Data;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace CodRocket.Stock.Web.Api;

/// <summary>
/// Keeps every API answer problem JSON: the HTML status pages are switched off under /api, an error status without a
/// body gets a problem body, a parameter that does not bind ("page=abc") answers 400 naming the parameter (and a body
/// field the serializer refuses, naming the field: <see cref="RequestBody"/>), and an unexpected exception answers a
/// plain 500 problem (details go to the log only). A remembered API key the database refuses answers 401. A lost
/// database is left to DatabaseUnavailableMiddleware (503 with Retry-After).
/// </summary>
internal sealed partial class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted && e.InnerException is JsonException json)
        {
            // The serializer refused the body (RequestBody checked it is JSON, once per field, without control characters).
            http.Response.Clear();
            await RequestBody.BindingFailure(http, json).ExecuteAsync(http);
            return;
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            http.Response.Clear();
            var parameter = BindFailure().Match(e.Message);
            await (parameter.Success
                    ? ApiResults.Validation(parameter.Groups["name"].Value, $"{parameter.Groups["name"].Value} has a value that is not valid here.")
                    : ApiResults.Problem(e.StatusCode, e.Message))
                .ExecuteAsync(http);
            return;
        }
        catch (Exception e) when (!http.Response.HasStarted && RowLevelSecurity.IsKeyNotInForce(e))
        {
            // A key this node remembered was revoked or expired since: its first batch refused it (ApiKeyCache).
            http.Response.Clear();
            await ApiKeyAuthenticationHandler.NotInForceAsync(http);
            return;
        }
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested && !DatabaseFailures.IsUnavailable(e))
        {
            logger.LogError(e, "API request {Method} {Path} failed", http.Request.Method, http.Request.Path);
            http.Response.Clear();
            await ApiResults.Problem(StatusCodes.Status500InternalServerError, "The request failed on our side. Try again later.").ExecuteAsync(http);
            return;
        }
        if (http.Response.StatusCode >= 400 && !http.Response.HasStarted && http.Response.ContentLength is null
            && string.IsNullOrEmpty(http.Response.ContentType))
        {
            await ApiResults.Problem(http.Response.StatusCode).ExecuteAsync(http);
        }
    }

    // Minimal APIs say: Failed to bind parameter "int? page" from "abc".
    [GeneratedRegex("""parameter "(?:[^"]*\s)?(?<name>[A-Za-z0-9_]+)" """, RegexOptions.CultureInvariant)]
    private static partial Regex BindFailure();
}
