using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using CodRocket.Stock.Api;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CodRocket.Stock.Web.Api;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c>: finds the (unrevoked) key by its hash and signs the request in as its store,
/// with the same <see cref="StoreClaims.StoreId"/> claim a cookie carries, so <see cref="TenantResolutionMiddleware"/>
/// scopes the request the same way. The secret itself is never logged or stored.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    StockDbContext db,
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
        var needed = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) ? ApiKeyScopes.Read
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
        var ct = Context.RequestAborted;
        var hash = ApiKey.HashOf(secret!);
        // The store is not known yet: the key names it. Every API request passes here, so it is one plain statement
        // that also records the last use (at most once a minute per key, so concurrent requests of a busy key do
        // not all write), not an EF query and an update.
        var now = clock.GetUtcNow();
        (Guid TenantId, Guid Id, string Prefix, ApiKeyScopes Scopes)? key = null;
        // Before the connection opens: the raw command below is not an EF command, so the bypass must be set with the open.
        using (tenant.CrossStore("an API key finds its store"))
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var command = new NpgsqlCommand(
                    """
                    WITH k AS (
                        SELECT tenant_id, id, prefix, scopes, last_used_at FROM api_keys
                        WHERE hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)
                    ),
                    used AS (
                        UPDATE api_keys SET last_used_at = $2
                        WHERE id = (SELECT id FROM k) AND tenant_id = (SELECT tenant_id FROM k)
                          AND (last_used_at IS NULL OR last_used_at <= $3)
                    )
                    SELECT tenant_id, id, prefix, scopes FROM k
                    """, (NpgsqlConnection)db.Database.GetDbConnection());
                command.Parameters.Add(new NpgsqlParameter { Value = hash });
                command.Parameters.Add(new NpgsqlParameter { Value = now });
                command.Parameters.Add(new NpgsqlParameter { Value = now - ApiKey.LastUsedResolution });
                await using var reader = await command.ExecuteReaderAsync(ct);
                if (await reader.ReadAsync(ct))
                {
                    key = (reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), (ApiKeyScopes)reader.GetInt32(3));
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        if (key is not { } found)
        {
            failures.Record(address);
            return AuthenticateResult.Fail("Unknown, expired or revoked API key.");
        }
        tenant.Set(found.TenantId, null);

        var identity = new ClaimsIdentity(
            [
                new Claim(StoreClaims.StoreId, found.TenantId.ToString()),
                new Claim(KeyIdClaim, found.Id.ToString()),
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
        Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(
                "Send a valid API key as 'Authorization: Bearer <key>'. Keys are created under Settings → API keys.",
                statusCode: StatusCodes.Status401Unauthorized, title: Text.Key("Unauthorized"))
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);
}
