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
    /// Requests this node works on at once; the rest wait their turn, oldest first. 0 (the default): no gate. Measured
    /// on 2 shared cores (bench/README.md), 8 permits cut the p99 at 32 connections from 68-72 ms to 45-58 ms while the
    /// machine ran fast, and halved the throughput while it ran slow: a fixed number suits a node whose speed is known.
    /// </summary>
    [Range(0, 10_000)]
    public int Permits { get; set; }

    /// <summary>Requests that may wait on this node; past them, 503 with Retry-After.</summary>
    [Range(0, 1_000_000)]
    public int QueueLimit { get; set; } = 1_000;
}

/// <summary>
/// When an operator sets <see cref="ApiConcurrencyOptions.Permits"/>, the API's requests on one node go through that
/// many permits, the others waiting in arrival order: each request waits its turn in a first-come queue instead of all
/// of them sharing the cores and the database at once, where the scheduler's and the thread pool's unfairness leave a
/// few requests in a hundred waiting several times longer than the rest. Answers a 503 with Retry-After when the queue
/// is full; a request whose client leaves stops waiting. Off by default (see the option for why).
/// </summary>
/// <remarks>
/// It runs after authentication and the rate limits, which are cheap and must count every request, and before the
/// endpoint's own work (idempotency, validation, the database). Per node, not per store: the rate limits share the
/// node between stores.
/// </remarks>
public sealed class ApiConcurrencyGate(IOptions<ApiConcurrencyOptions> options) : IDisposable
{
    public const int RetryAfterSeconds = 1;

    private readonly ConcurrencyLimiter? _limiter = options.Value.Permits == 0 ? null : new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.Permits,
        QueueLimit = options.Value.QueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public bool IsOn => _limiter is not null;

    /// <summary>A permit, waited for in turn; not acquired when the queue is full. Dispose it to hand it on.</summary>
    public ValueTask<RateLimitLease> EnterAsync(CancellationToken ct) =>
        _limiter?.AcquireAsync(1, ct) ?? throw new InvalidOperationException("The API concurrency gate is off (Api:Concurrency:Permits is 0).");

    /// <summary>The requests waiting now (the tests read it; no metric reports it yet).</summary>
    public long Waiting => _limiter?.GetStatistics()?.CurrentQueuedCount ?? 0;

    public void Dispose() => _limiter?.Dispose();

    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var gate = http.RequestServices.GetRequiredService<ApiConcurrencyGate>();
        if (!gate.IsOn)
        {
            return await next(context);
        }
        using var lease = await gate.EnterAsync(http.RequestAborted);
        if (!lease.IsAcquired)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return ApiResults.Problem(StatusCodes.Status503ServiceUnavailable,
                "This server has more API requests waiting than it queues. Try again after the number of seconds in Retry-After.");
        }
        return await next(context);
    }
}
