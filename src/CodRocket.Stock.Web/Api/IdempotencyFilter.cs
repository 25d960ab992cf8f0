using System.Security.Cryptography;
using System.Text;
using CodRocket.Stock.Api;
using CodRocket.Stock.Inventory;

namespace CodRocket.Stock.Web.Api;

/// <summary>
/// Makes a POST with an <c>Idempotency-Key</c> header safe to retry. The request runs in one transaction that first
/// claims the key (<see cref="IdempotencyStore"/>), then does the work, then stores the response; a retry with the
/// same key and body gets that response back (<c>Idempotent-Replayed: true</c>) and changes nothing, the same key
/// with another body gets 422, and a concurrent duplicate waits for the first and then replays it.
/// </summary>
/// <remarks>
/// Kept: every answer the endpoint gave to a well-formed request, successes and refusals alike (404, 409); a refusal's
/// partial work is rolled back to a savepoint before the answer is stored. Not kept: 400/413/415 (the request was not
/// understood, so the client may fix it and reuse the key) and 5xx (the whole transaction rolls back and a retry runs
/// anew). Applied to every POST of the API group, so new endpoints (orders) get it by being POSTs.
/// </remarks>
internal static class IdempotencyFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const string Savepoint = "idempotent_request";

    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Headers.TryGetValue(Header, out var values))
        {
            return await next(context);
        }
        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > IdempotentRequest.KeyMaxLength || key.Any(c => c is < ' ' or > '~'))
        {
            return ApiResults.Validation(Header, $"{Header} is 1 to {IdempotentRequest.KeyMaxLength} printable ASCII characters.");
        }
        if (await RequestBody.BufferAsync(http) is not { } body)
        {
            return RequestBody.TooLarge(http);
        }

        var ct = http.RequestAborted;
        var services = http.RequestServices;
        var store = services.GetRequiredService<IdempotencyStore>();
        var hash = RequestHash(http.Request, body);

        // The request's own unit of work: the stock works of the endpoint join it, so the stored response commits with
        // the change, and its commit dispatches their notifications.
        await using var work = await services.GetRequiredService<StockWorkFactory>().BeginRequestAsync(ct);
        if (await store.ClaimAsync(key, hash, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct) is { } earlier)
        {
            return earlier.Matches(hash)
                ? new StoredResult(new StoredResponse(earlier.StatusCode!.Value, earlier.ContentType, earlier.Location, earlier.ResponseBody ?? ""), Replayed: true)
                : ApiResults.Problem(StatusCodes.Status422UnprocessableEntity,
                    $"This {Header} was used for a different request in the last 24 hours. Use a new key for a new request.",
                    "Idempotency key reused");
        }

        var claimed = await work.CheckpointAsync(Savepoint, ct);
        var response = await CaptureAsync(http, await next(context));
        if (response.StatusCode is StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge
            or StatusCodes.Status415UnsupportedMediaType or >= 500)
        {
            await work.RollbackAsync(ct);
            return new StoredResult(response, Replayed: false);
        }
        if (response.StatusCode >= 300)
        {
            await claimed.RollbackAsync(ct);
        }
        await store.CompleteAsync(key, response, ct);
        // Alerts the request opened notify only once this commits.
        await work.CommitAsync(ct);
        return new StoredResult(response, Replayed: false);
    }

    /// <summary>Same method, path and body bytes: the same request.</summary>
    private static byte[] RequestHash(HttpRequest request, byte[] body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        sha.AppendData(body);
        return sha.GetHashAndReset();
    }

    /// <summary>Runs the endpoint's result into a buffer, to store it before anything reaches the client.</summary>
    private static async Task<StoredResponse> CaptureAsync(HttpContext http, object? result)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await (result as IResult ?? TypedResults.Ok(result)).ExecuteAsync(http);
        }
        finally
        {
            http.Response.Body = original;
        }
        return new StoredResponse(
            http.Response.StatusCode, http.Response.ContentType, http.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
            Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>A stored response, written as it was first given.</summary>
    private sealed record StoredResult(StoredResponse Response, bool Replayed) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = Response.StatusCode;
            http.Response.ContentType = Response.ContentType;
            if (Response.Location is not null)
            {
                http.Response.Headers.Location = Response.Location;
            }
            if (Replayed)
            {
                http.Response.Headers[ReplayedHeader] = "true";
            }
            await http.Response.WriteAsync(Response.Body, http.RequestAborted);
        }
    }
}
