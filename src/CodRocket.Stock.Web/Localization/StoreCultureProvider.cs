using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Tenancy;
using Microsoft.AspNetCore.Localization;

namespace CodRocket.Stock.Web.Localization;

/// <summary>
/// A signed-in member's language: the one they chose, else their store's. Both are on the sign-in cookie
/// (<see cref="StoreClaimsPrincipalFactory"/>), so no request pays a query for it. Anonymous requests fall through
/// to the language cookie, then to Accept-Language.
/// </summary>
public sealed class StoreCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var language = httpContext.User.Identity?.IsAuthenticated == true ? httpContext.User.FindFirst(StoreClaims.Language)?.Value : null;
        return Task.FromResult(Languages.IsSupported(language) ? new ProviderCultureResult(language) : null);
    }
}
