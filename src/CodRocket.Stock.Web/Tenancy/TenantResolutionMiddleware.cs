using System.Security.Claims;
using CodRocket.Stock.Tenancy;
using Serilog.Context;

namespace CodRocket.Stock.Web.Tenancy;

/// <summary>
/// Sets the store of a signed-in request from its claims, so the tenant filter applies to everything the
/// request touches, and puts the store and user on every log event.
/// </summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ITenantContext tenant)
    {
        if (StoreClaims.TryRead(context.User, out var storeId, out var userId))
        {
            // An API request names its key: what it changes records the key (ApiKeyAuthenticationHandler's claim).
            tenant.Set(storeId, userId,
                Guid.TryParse(context.User.FindFirstValue(Api.ApiKeyAuthenticationHandler.KeyIdClaim), out var keyId) ? keyId : null);
        }
        using (LogContext.PushProperty("StoreId", tenant.TenantId))
        using (LogContext.PushProperty("UserId", tenant.UserId))
        {
            await next(context);
        }
    }
}

public static class StoreClaims
{
    public const string StoreId = "store_id";
    public const string StoreName = "store_name";
    public const string FullName = "full_name";
    public const string Language = "language";
    /// <summary>Present on a platform operator's cookie only (see <see cref="StoreUser.IsOperator"/>).</summary>
    public const string Operator = "platform_operator";

    public static bool TryRead(ClaimsPrincipal? principal, out Guid storeId, out Guid? userId)
    {
        storeId = Guid.Empty;
        userId = null;
        if (principal?.Identity?.IsAuthenticated != true
            || !Guid.TryParse(principal.FindFirstValue(StoreId), out storeId))
        {
            return false;
        }
        userId = Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
        return true;
    }
}
