using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using CodRocket.Stock.Api;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Web.Api;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c>: finds the (unrevoked) key by its hash and signs the request in as its store,
/// with the same <see cref="StoreClaims.StoreId"/> claim a cookie carries, so <see cref="TenantResolutionMiddleware"/>
/// scopes the request the same way. The secret itself is never logged or stored. A key the node found in the last
/// minute comes from <see cref="ApiKeyCache"/> without a round trip; the request's first batch then proves it still in
/// force, and <see cref="ApiErrorMiddleware"/> answers 401 when it is not (<see cref="NotInForceAsync"/>).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyLookup keys,
    ApiKeyCache cache,
    ITenantContext tenant,
    TimeProvider clock,
    FailedKeyLookups failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "api_key_id";
    public const string ScopesClaim = "api_key_scopes";
    private const string ThrottledItem = "ApiKeyLookupsThrottled";

    /// <summary>
    /// The scope a request needs: reading for GET, <see cref="ApiKeyScopes.Orders"/> for changes under /orders,
    /// <see cref="ApiKeyScopes.Write"/> for any other change. A key without it gets 403 naming the scope.
    /// </summary>
    public static async ValueTask<object?> RequireScopeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        // Webhook endpoints, read or changed, need their own scope: reading them shows where the store's data goes.
        var needed = http.Request.Path.StartsWithSegments(ApiEndpoints.Prefix + "/webhooks") ? ApiKeyScopes.Webhooks
            : HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) ? ApiKeyScopes.Read
            : http.Request.Path.StartsWithSegments(ApiEndpoints.Prefix + "/orders") ? ApiKeyScopes.Orders
            : ApiKeyScopes.Write;
        var granted = int.TryParse(http.User.FindFirstValue(ScopesClaim), out var value) ? (ApiKeyScopes)value : ApiKeyScopes.None;
        if ((granted & needed) == needed)
        {
            return await next(context);
        }
        var name = needed.ToString().ToLowerInvariant();
        return TypedResults.Problem($"This API key does not have the '{name}' scope this request needs. Create a key with it under Settings → API keys.",
            statusCode: StatusCodes.Status403Forbidden, title: Text.Key("Forbidden"), extensions: new Dictionary<string, object?> { ["requiredScope"] = name });
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var address = FailedKeyLookups.AddressOf(Context);
        if (!failures.Allowed(address))
        {
            Context.Items[ThrottledItem] = true;
            return AuthenticateResult.Fail("Too many failed API key lookups from this address.");
        }
        var secret = header.Parameter?.Trim();
        if (!ApiKey.IsWellFormed(secret))
        {
            failures.Record(address);
            return AuthenticateResult.Fail("Malformed API key.");
        }
        var hash = ApiKey.HashOf(secret!);
        var remembered = cache.TryGet(hash, out var found);
        if (!remembered)
        {
            if (await keys.FindAsync(hash, Context.RequestAborted) is not { } key)
            {
                failures.Record(address);
                return AuthenticateResult.Fail("Unknown, expired or revoked API key.");
            }
            cache.Remember(hash, key);
            found = key;
        }
        tenant.Set(found.TenantId, null, found.KeyId);
        if (remembered)
        {
            // Read a minute ago at most: the request's first batch proves the key still in force, on every node.
            tenant.RequireKeyInForce(found.KeyId, clock.GetUtcNow());
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(StoreClaims.StoreId, found.TenantId.ToString()),
                new Claim(KeyIdClaim, found.KeyId.ToString()),
                new Claim(ClaimTypes.Name, found.Prefix),
                new Claim(ScopesClaim, ((int)found.Scopes).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>401 as problem JSON with a Bearer challenge: an API client is never redirected to the sign-in page.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(ThrottledItem))
        {
            Response.Headers.RetryAfter = "60";
            return ApiResults.Problem(StatusCodes.Status429TooManyRequests,
                "Too many requests with unknown or invalid API keys from this address. Retry after 60 s.").ExecuteAsync(Context);
        }
        return UnauthorizedAsync(Context);
    }

    /// <summary>
    /// The database refused the remembered key of <paramref name="http"/> (revoked or expired since this node found it):
    /// the node forgets it, the attempt counts as a failed lookup from the address, and the answer is the same 401 an
    /// unknown key gets. Nothing the request did was committed: the refusal aborted its first batch.
    /// </summary>
    internal static Task NotInForceAsync(HttpContext http)
    {
        var services = http.RequestServices;
        if (services.GetRequiredService<ITenantContext>().KeyInForce is { } key)
        {
            services.GetRequiredService<ApiKeyCache>().Forget(key.KeyId);
        }
        services.GetRequiredService<FailedKeyLookups>().Record(FailedKeyLookups.AddressOf(http));
        return UnauthorizedAsync(http);
    }

    private static Task UnauthorizedAsync(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(
                "Send a valid API key as 'Authorization: Bearer <key>'. Keys are created under Settings → API keys.",
                statusCode: StatusCodes.Status401Unauthorized, title: Text.Key("Unauthorized"))
            .ExecuteAsync(http);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);
}
