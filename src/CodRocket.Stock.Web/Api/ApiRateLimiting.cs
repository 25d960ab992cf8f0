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
}

/// <summary>
/// 429 with Retry-After, per key, so one integration looping on a bug cannot starve the store's other keys or other stores.
/// Requests without a valid key are not counted here: they end at 401 before doing any work.
/// </summary>
internal static class ApiRateLimiting
{
    public const string Policy = "ApiKey";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<ApiRateLimitOptions>().BindConfiguration(ApiRateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(o =>
        {
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
                        $"This API key made more requests than its limit allows. Retry after {seconds} s.", "Too many requests")
                    .ExecuteAsync(http);
            };
        });
        return services;
    }
}
