using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using CodRocket.Stock.Web.Api;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Web.Tenancy;

/// <summary>Sign-in and sign-up attempts per client address, invitations per member. Settings <c>Account:RateLimit:*</c>.</summary>
public sealed class AccountRateLimitOptions
{
    public const string Section = "Account:RateLimit";

    /// <summary>Sign-in posts per address per minute (lockout still stops guessing one account after 5).</summary>
    [Range(1, 1_000_000)]
    public int SignInPerMinute { get; set; } = 10;

    /// <summary>Sign-up posts per address per hour.</summary>
    [Range(1, 1_000_000)]
    public int SignUpPerHour { get; set; } = 10;

    /// <summary>
    /// Team invitations sent by one member per hour. Inviting says when an address already has an account, so the
    /// form must not become a way to test lists of addresses.
    /// </summary>
    [Range(1, 1_000_000)]
    public int InvitesPerHour { get; set; } = 20;
}

/// <summary>
/// Fixed windows on the sign-in and sign-up forms per client address, and on the invitation form per signed-in member
/// (posts only: showing a form costs nothing).
/// A refused attempt answers 429 with a Retry-After header and the status page, never a 500.
/// </summary>
public static class AccountRateLimiting
{
    public const string SignIn = "SignIn";
    public const string SignUp = "SignUp";
    public const string Invite = "Invite";

    public static IServiceCollection AddAccountRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<AccountRateLimitOptions>().BindConfiguration(AccountRateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(SignIn, new FixedWindow(SignIn, l => (l.SignInPerMinute, TimeSpan.FromMinutes(1)), FailedKeyLookups.AddressOf));
            o.AddPolicy(SignUp, new FixedWindow(SignUp, l => (l.SignUpPerHour, TimeSpan.FromHours(1)), FailedKeyLookups.AddressOf));
            o.AddPolicy(Invite, new FixedWindow(Invite, l => (l.InvitesPerHour, TimeSpan.FromHours(1)),
                http => http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } member ? $"member:{member}" : FailedKeyLookups.AddressOf(http)));
        });
        return services;
    }

    /// <param name="who">Whose attempts share a window: the client address, or (invitations) the signed-in member.</param>
    private sealed class FixedWindow(
        string name, Func<AccountRateLimitOptions, (int Permits, TimeSpan Window)> limit, Func<HttpContext, string> who) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = (context, _) =>
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }
            // No body: the status-code pages show /status/429 in the page's language.
            return ValueTask.CompletedTask;
        };

        public RateLimitPartition<string> GetPartition(HttpContext http)
        {
            if (!HttpMethods.IsPost(http.Request.Method))
            {
                return RateLimitPartition.GetNoLimiter("");
            }
            var (permits, window) = limit(http.RequestServices.GetRequiredService<IOptions<AccountRateLimitOptions>>().Value);
            return RateLimitPartition.GetFixedWindowLimiter($"{name}:{who(http)}", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        }
    }
}
