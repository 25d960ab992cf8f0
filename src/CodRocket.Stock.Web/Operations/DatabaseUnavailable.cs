using System.Globalization;
using CodRocket.Stock.Data;
using CodRocket.Stock.Web.Api;

namespace CodRocket.Stock.Web.Operations;

/// <summary>
/// What a request answers while the database is out of reach or the request ran out of time: 503 with
/// <c>Retry-After</c>, as problem JSON under /api and as a page that needs nothing but this process (the usual error
/// page signs the user in, which reads the database). One warning line in the log, no stack trace: the cause is
/// outside the code.
/// </summary>
public sealed class DatabaseUnavailableMiddleware(RequestDelegate next, ILogger<DatabaseUnavailableMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && DatabaseFailures.IsUnavailable(e))
        {
            logger.LogWarning("Database unavailable: {Method} {Path} answered 503 ({Error})",
                http.Request.Method, http.Request.Path, e.GetBaseException().Message);
            await DatabaseUnavailable.WriteAsync(http);
        }
    }
}

public static class DatabaseUnavailable
{
    public const int RetryAfterSeconds = 30;

    public static async Task WriteAsync(HttpContext http)
    {
        http.Response.Clear();
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        if (ApiEndpoints.IsApiRequest(http))
        {
            await ApiResults.Problem(StatusCodes.Status503ServiceUnavailable,
                "The service is briefly unavailable. Try again after the number of seconds in Retry-After.").ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(Page, http.RequestAborted);
    }

    // Both languages at once: choosing one would need the user's settings, which live in the database.
    private const string Page = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>CodRocket Stock: back in a moment</title>
        <style>
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933; background: #f5f7fa; margin: 0; }
        main { max-width: 34rem; margin: 12vh auto; padding: 2rem; background: #fff; border-radius: .5rem; box-shadow: 0 1px 3px rgba(0,0,0,.1); }
        h1 { font-size: 1.25rem; margin: 0 0 .75rem; }
        p { line-height: 1.5; margin: 0 0 1rem; }
        a { color: #2563eb; }
        hr { border: 0; border-top: 1px solid #e4e7eb; margin: 1.5rem 0; }
        </style>
        </head>
        <body>
        <main>
        <h1>Back in a moment</h1>
        <p>CodRocket Stock cannot reach its database right now. Nothing you just entered was saved. Try again in half a minute.</p>
        <p><a href="">Try again</a></p>
        <hr>
        <h1 lang="fr">De retour dans un instant</h1>
        <p lang="fr">CodRocket Stock ne peut pas joindre sa base de données pour le moment. Rien de ce que vous venez de saisir n'a été enregistré. Réessayez dans une demi-minute.</p>
        <p lang="fr"><a href="">Réessayer</a></p>
        </main>
        </body>
        </html>
        """;
}
