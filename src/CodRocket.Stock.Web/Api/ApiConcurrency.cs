using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Web.Api;

/// <summary>How many API requests one node works on at once, and how many may wait. Settings <c>Api:Concurrency:*</c>.</summary>
public sealed class ApiConcurrencyOptions
{
    public const string Section = "Api:Concurrency";

    /// <summary>
    /// Requests this node works on at once; the rest wait their turn, oldest first. 0: four per processor, enough to
    /// keep the cores busy while some requests wait on the database, few enough to serve the rest in order.
    /// </summary>
    [Range(0, 10_000)]
    public int Permits { get; set; }

    /// <summary>Requests that may wait on this node; past them, 503 with Retry-After.</summary>
    [Range(0, 1_000_000)]
    public int QueueLimit { get; set; } = 1_000;

    public int PermitsInForce => Permits > 0 ? Permits : 4 * Environment.ProcessorCount;
}

/// <summary>
/// The API's requests on one node go through a fixed number of permits (<see cref="ApiConcurrencyOptions"/>), the
/// others waiting in arrival order. When more requests arrive than the node and its database can serve, each one
/// waits its turn in a first-come queue instead of all of them sharing the cores and the database at once: the
/// throughput is about the same, but without it the scheduler's and the thread pool's unfairness left a few requests in
/// a hundred waiting several times longer than the rest (bench/README.md: p99 68-72 ms → 45-58 ms at 32 connections on
/// 2 cores, with 8 permits). Answers a 503 with Retry-After when the queue is full; a request whose client leaves stops
/// waiting.
/// </summary>
/// <remarks>
/// It runs after authentication and the rate limits, which are cheap and must count every request, and before the
/// endpoint's own work (idempotency, validation, the database). Per node, not per store: the rate limits share the
/// node between stores.
/// </remarks>
public sealed class ApiConcurrencyGate(IOptions<ApiConcurrencyOptions> options) : IDisposable
{
    public const int RetryAfterSeconds = 1;

    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.PermitsInForce,
        QueueLimit = options.Value.QueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>A permit, waited for in turn; not acquired when the queue is full. Dispose it to hand it on.</summary>
    public ValueTask<RateLimitLease> EnterAsync(CancellationToken ct) => _limiter.AcquireAsync(1, ct);

    /// <summary>The requests waiting now (for the metrics and the tests).</summary>
    public long Waiting => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    public void Dispose() => _limiter.Dispose();

    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        using var lease = await http.RequestServices.GetRequiredService<ApiConcurrencyGate>().EnterAsync(http.RequestAborted);
        if (!lease.IsAcquired)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return ApiResults.Problem(StatusCodes.Status503ServiceUnavailable,
                "This server has more API requests waiting than it queues. Try again after the number of seconds in Retry-After.");
        }
        return await next(context);
    }
}
