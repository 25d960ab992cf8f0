using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
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
/// and per store (all its keys together), so creating more keys buys no more. Requests without a valid key end at 401
/// before doing any work; their failed lookups are limited per client address (<see cref="FailedKeyLookups"/>).
/// </summary>
internal static class ApiRateLimiting
{
    public const string Policy = "ApiKey";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<ApiRateLimitOptions>().BindConfiguration(ApiRateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FailedKeyLookups>();
        services.AddRateLimiter(o =>
        {
            // The store's budget, shared by its keys; the global limiter runs before the per-key policy.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (!ApiEndpoints.IsApiRequest(http) || http.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) is null
                    || http.User.FindFirstValue(Tenancy.StoreClaims.StoreId) is not { } storeId)
                {
                    return RateLimitPartition.GetNoLimiter("no store");
                }
                var limits = http.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter("store:" + storeId, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.StoreBurst,
                    TokensPerPeriod = limits.StoreRequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.AddPolicy(Policy, http =>
            {
                if (http.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) is not { } keyId)
                {
                    return RateLimitPartition.GetNoLimiter("no key");
                }
                var limits = http.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter(keyId, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst,
                    TokensPerPeriod = limits.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.OnRejected = async (context, ct) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 1;
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await ApiResults.Problem(StatusCodes.Status429TooManyRequests,
                        $"This API key, or its store's keys together, made more requests than the limit allows. Retry after {seconds} s.", "Too many requests")
                    .ExecuteAsync(http);
            };
        });
        return services;
    }
}
