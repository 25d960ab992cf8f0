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
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "api_key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var secret = header.Parameter?.Trim();
        if (!ApiKey.IsWellFormed(secret))
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }
        var ct = Context.RequestAborted;
        var hash = ApiKey.HashOf(secret!);
        // The store is not known yet: the key names it.
        var key = await db.ApiKeys.IgnoreQueryFilters([StockDbContext.TenantFilter]).AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAt == null)
            .Select(k => new { k.TenantId, k.Id, k.Prefix, k.LastUsedAt })
            .SingleOrDefaultAsync(ct);
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        tenant.Set(key.TenantId, null);
        var now = clock.GetUtcNow();
        if (ApiKey.LastUseIsStale(key.LastUsedAt, now))
        {
            // Conditional, so of many concurrent requests of a busy key only one writes each minute.
            var staleBefore = now - ApiKey.LastUsedResolution;
            await db.ApiKeys
                .Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt <= staleBefore))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(StoreClaims.StoreId, key.TenantId.ToString()),
                new Claim(KeyIdClaim, key.Id.ToString()),
                new Claim(ClaimTypes.Name, key.Prefix),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>401 as problem JSON with a Bearer challenge: an API client is never redirected to the sign-in page.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(
                "Send a valid API key as 'Authorization: Bearer <key>'. Keys are created under Settings → API keys.",
                statusCode: StatusCodes.Status401Unauthorized, title: Text.Key("Unauthorized"))
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);
}
