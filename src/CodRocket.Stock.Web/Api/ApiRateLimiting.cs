using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using CodRocket.Stock.Api;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Web.Api;

/// <summary>Per API key: a sustained rate and a burst on top (a token bucket). Settings <c>Api:RateLimit:*</c>.</summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "Api:RateLimit";

    /// <summary>Requests a key may make per second, sustained.</summary>
    [Range(1, 100_000)]
    public int RequestsPerSecond { get; set; } = 50;

    /// <summary>Requests a key may make at once after a quiet spell (a storefront syncing after a sale).</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 200;

    /// <summary>Requests all of a store's keys together may make per second, sustained: more keys buy no more.</summary>
    [Range(1, 1_000_000)]
    public int StoreRequestsPerSecond { get; set; } = 200;

    /// <summary>The burst all of a store's keys together may make.</summary>
    [Range(1, 10_000_000)]
    public int StoreBurst { get; set; } = 800;

    /// <summary>
    /// Requests with an unknown, revoked, expired or malformed key one client address may make per minute; past it,
    /// every key from that address answers 429 without a database lookup until the minute is over.
    /// </summary>
    [Range(1, 100_000)]
    public int FailedKeyLookupsPerMinute { get; set; } = 30;

    /// <summary>
    /// Tokens a web node takes from the shared buckets at a time and spends locally: one database round trip per this
    /// many requests of a key (fewer are taken when a bucket runs low, so several nodes share its last tokens). A key
    /// that spends its leases quickly gets bigger ones, up to <see cref="MaxLeaseGrowth"/> times this.
    /// </summary>
    [Range(1, 1_000)]
    public int LeaseSize { get; set; } = 10;

    /// <summary>
    /// How many times <see cref="LeaseSize"/> a busy key's lease may grow to: it doubles each time a lease was spent within
    /// half of <see cref="LeaseSeconds"/>, and halves each time one ran out of time unspent.
    /// </summary>
    [Range(1, 1_000)]
    public int MaxLeaseGrowth { get; set; } = 64;

    /// <summary>Seconds a node keeps leased tokens it has not spent; then they are dropped (never handed back).</summary>
    [Range(0.05, 60)]
    public double LeaseSeconds { get; set; } = 1;
}

/// <summary>Failed API key lookups per client address (a fixed window), so guessing keys costs the guesser, not the database.</summary>
public sealed class FailedKeyLookups(IOptions<ApiRateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.FailedKeyLookupsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>False when the address used up its failed lookups for this window.</summary>
    public bool Allowed(string address)
    {
        using var probe = _limiter.AttemptAcquire(address, 0);
        return probe.IsAcquired;
    }

    public void Record(string address) => _limiter.AttemptAcquire(address, 1).Dispose();

    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// 429 with Retry-After, per key, so one integration looping on a bug cannot starve the store's other keys or other stores,
/// and per store (all its keys together), so creating more keys buys no more. Both budgets are token buckets shared by
/// every web node through PostgreSQL (<see cref="SharedApiBudget"/>, docs/adr/0004). Every answer to a request with a
/// valid key carries <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c> and <c>RateLimit-Reset</c> for the tighter of
/// the two. Requests without a valid key end at 401 before doing any work; their failed lookups are limited per client
/// address (<see cref="FailedKeyLookups"/>).
/// </summary>
internal static class ApiRateLimiting
{
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<ApiRateLimitOptions>().BindConfiguration(ApiRateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FailedKeyLookups>();
        services.AddSingleton<SharedApiBudget>();
        return services;
    }

    /// <summary>
    /// Middleware for /api after authorization (a key and its store are known), before the body gate and binding: every
    /// answer to a key counts, a malformed body or a field of the wrong type included, and carries the RateLimit headers.
    /// </summary>
    public static async Task LimitAsync(HttpContext http, RequestDelegate next)
    {
        if (http.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) is not { } keyId
            || http.User.FindFirstValue(Tenancy.StoreClaims.StoreId) is not { } storeId)
        {
            await next(http);
            return;
        }
        var verdict = await http.RequestServices.GetRequiredService<SharedApiBudget>()
            .AcquireAsync(keyId, storeId, http.RequestServices, http.RequestAborted);
        var headers = http.Response.Headers;
        headers["RateLimit-Limit"] = verdict.Limit.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = verdict.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Reset"] = verdict.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        if (verdict.Acquired)
        {
            await next(http);
            return;
        }
        headers.RetryAfter = verdict.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await ApiResults.Problem(StatusCodes.Status429TooManyRequests,
            $"This API key, or its store's keys together, made more requests than the limit allows. Retry after {verdict.RetryAfterSeconds} s.",
            "Too many requests").ExecuteAsync(http);
    }
}

/// <summary>What the budget said about one request, and what the RateLimit headers report.</summary>
internal readonly record struct BudgetVerdict(bool Acquired, long Limit, long Remaining, long ResetSeconds, int RetryAfterSeconds);

/// <summary>
/// A key's and its store's request budgets, kept in PostgreSQL so they hold across web nodes, without a database write
/// per request: a node leases a few tokens at a time (<see cref="ApiRateLimitOptions.LeaseSize"/>, fewer when the
/// buckets run low) and spends them locally. A lease never grants more than the shared buckets allow; tokens a node
/// leased and did not spend within <see cref="ApiRateLimitOptions.LeaseSeconds"/> are dropped (the cluster then
/// grants a little less, never more). One lease round trip per key is in flight per node at a time, and a refusal is
/// remembered until the bucket can have refilled, so a key hammering past its limit costs the database nothing.
/// </summary>
internal sealed class SharedApiBudget(IOptionsMonitor<ApiRateLimitOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Lease> _leases = new(StringComparer.Ordinal);

    public async ValueTask<BudgetVerdict> AcquireAsync(string keyId, string storeId, IServiceProvider services, CancellationToken ct)
    {
        var limits = options.CurrentValue;
        var lease = _leases.GetOrAdd(keyId, _ => new Lease());
        if (lease.TrySpend(clock.GetTimestamp(), clock) is { } spent)
        {
            return spent;
        }
        await lease.Gate.WaitAsync(ct);
        try
        {
            // Whoever held the gate may have leased enough for this request too.
            if (lease.TrySpend(clock.GetTimestamp(), clock) is { } meanwhile)
            {
                return meanwhile;
            }
            BucketRule[] rules =
            [
                new("key:" + keyId, limits.Burst, limits.RequestsPerSecond),
                new("store:" + storeId, limits.StoreBurst, limits.StoreRequestsPerSecond),
            ];
            var take = await services.GetRequiredService<RateLimitBuckets>().TakeAsync(rules, lease.Ask(clock.GetTimestamp(), clock, limits), ct);
            var verdict = lease.Refill(take, rules, clock.GetTimestamp(), clock, limits);
            Forget(limits);
            return verdict;
        }
        finally
        {
            lease.Gate.Release();
        }
    }

    // Keys that went quiet leave their (expired) leases behind; drop them now and then so the map stays small.
    private void Forget(ApiRateLimitOptions limits)
    {
        if (_leases.Count < 10_000)
        {
            return;
        }
        var now = clock.GetTimestamp();
        foreach (var (key, lease) in _leases)
        {
            if (lease.IdleLongerThan(now, clock, TimeSpan.FromSeconds(limits.LeaseSeconds * 10)))
            {
                _leases.TryRemove(key, out _);
            }
        }
    }

    private sealed class Lease
    {
        private readonly Lock _lock = new();
        private int _tokens;
        private long _expires;
        private long _refusedUntil;
        private long _lastUsed;
        private BucketRule _tight;
        private double _tightLeft;
        private int _ask;
        private long _leasedAt;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public BudgetVerdict? TrySpend(long now, TimeProvider clock)
        {
            lock (_lock)
            {
                _lastUsed = now;
                if (now < _refusedUntil)
                {
                    var wait = clock.GetElapsedTime(now, _refusedUntil);
                    return Refused(Seconds(wait));
                }
                if (_tokens > 0 && now < _expires)
                {
                    _tokens--;
                    return Granted();
                }
                return null;
            }
        }

        /// <summary>
        /// How many tokens to ask for: <see cref="ApiRateLimitOptions.LeaseSize"/> at first; twice the last ask when the last
        /// lease was spent within half its lifetime (a busy key: one round trip, and one wait at the gate, per 10 requests
        /// held 32 concurrent requests of one key back), half when it ran out of time. What goes unspent is at most one lease
        /// of about half a second of the key's own traffic, and the buckets grant at most a quarter of what they hold.
        /// </summary>
        public int Ask(long now, TimeProvider clock, ApiRateLimitOptions limits)
        {
            lock (_lock)
            {
                var (least, most) = (limits.LeaseSize, limits.LeaseSize * limits.MaxLeaseGrowth);
                if (_ask == 0)
                {
                    _ask = least;
                }
                else if (now >= _expires)
                {
                    _ask = Math.Max(least, _ask / 2);
                }
                else if (clock.GetElapsedTime(_leasedAt, now) < TimeSpan.FromSeconds(limits.LeaseSeconds / 2))
                {
                    _ask = Math.Min(most, _ask * 2);
                }
                return Math.Clamp(_ask, least, most);
            }
        }

        public BudgetVerdict Refill(BucketTake take, BucketRule[] rules, long now, TimeProvider clock, ApiRateLimitOptions limits)
        {
            lock (_lock)
            {
                // The tighter bucket is the one the headers describe.
                var tight = take.Left[0] / rules[0].Capacity <= take.Left[1] / rules[1].Capacity ? 0 : 1;
                (_tight, _tightLeft) = (rules[tight], take.Left[tight]);
                if (take.Granted == 0)
                {
                    // Until the emptiest bucket holds a whole token again, nothing can be granted: answer locally till then.
                    var wait = rules.Select((r, i) => take.Left[i] >= 1 ? 0 : (1 - take.Left[i]) / r.PerSecond).Max();
                    var seconds = Seconds(TimeSpan.FromSeconds(wait));
                    _refusedUntil = now + (long)(wait * clock.TimestampFrequency);
                    _tokens = 0;
                    return Refused(seconds);
                }
                if (now >= _expires)
                {
                    _tokens = 0;
                }
                _tokens += take.Granted - 1;
                _expires = now + (long)(limits.LeaseSeconds * clock.TimestampFrequency);
                _leasedAt = now;
                return Granted();
            }
        }

        public bool IdleLongerThan(long now, TimeProvider clock, TimeSpan idle)
        {
            lock (_lock)
            {
                return clock.GetElapsedTime(_lastUsed, now) > idle;
            }
        }

        private BudgetVerdict Granted() => new(true, (long)_tight.Capacity, Remaining(), ResetSeconds(), 0);

        private BudgetVerdict Refused(int retryAfter) => new(false, (long)_tight.Capacity, 0, ResetSeconds(), retryAfter);

        // What this node may still spend here plus what the bucket held at the last lease (other nodes may have spent some since).
        private long Remaining() => Math.Min((long)_tight.Capacity, _tokens + (long)Math.Floor(Math.Max(0, _tightLeft)));

        // Seconds until the tighter bucket would be full again at its refill rate.
        private long ResetSeconds() =>
            _tight.PerSecond <= 0 ? 0 : (long)Math.Ceiling(Math.Max(0, _tight.Capacity - Remaining()) / _tight.PerSecond);

        private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
    }
}
