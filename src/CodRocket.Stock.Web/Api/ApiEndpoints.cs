using System.Text.Json;
using System.Text.Json.Serialization;
using CodRocket.Stock.Web.Infrastructure;
using CodRocket.Stock.Web.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Scalar.AspNetCore;

namespace CodRocket.Stock.Web.Api;

/// <summary>
/// The integration API, /api/v1: API-key authentication, JSON in camelCase with enums as strings, problem details for
/// every error, idempotent POSTs and an OpenAPI document at /api/v1/openapi.json (and /openapi/v1.json). A feature adds its
/// endpoints as a <c>XxxEndpoints.Map(api)</c> in <see cref="MapStockApi"/>; its POSTs are then idempotent and documented
/// with no more work.
/// </summary>
public static class ApiEndpoints
{
    public const string Prefix = "/api/v1";
    public const string DocumentName = "v1";
    /// <summary>The readable reference of the document (Scalar), for people; the document itself is at /api/v1/openapi.json.</summary>
    public const string DocsPath = Prefix + "/docs";
    public const string Policy = "ApiKey";
    private const string SchemeSelector = "StockSchemes";

    public static bool IsApiRequest(HttpContext http) => http.Request.Path.StartsWithSegments("/api");

    public static IServiceCollection AddStockApi(this IServiceCollection services)
    {
        // Under /api a request authenticates with its API key and nothing else: the sign-in cookie is never read there
        // (so a browser session cannot be ridden into the API) and a missing key answers 401, never a sign-in redirect.
        services.AddAuthentication(o => o.DefaultScheme = SchemeSelector)
            .AddPolicyScheme(SchemeSelector, null, o => o.ForwardDefaultSelector = http =>
                IsApiRequest(http) ? ApiKeyAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(StoreClaims.StoreId));

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            // "quantity": "5" is a string, not a number: say so rather than guess.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            // A field the request does not have answers 400 naming it (RequestBody.BindingFailure), never ignored; a field
            // sent twice too (RequestBody's gate answers it first, ignoring case as binding does).
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        // Request records are validated by ASP.NET Core (DataAnnotations, RequestRules); RequestValidation answers.
        services.AddValidation();
        // A query parameter that does not bind ("page=abc") throws, so ApiErrorMiddleware can answer with its name.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi(DocumentName, ApiDocument.Configure);
        services.AddHostedService<IdempotencySweeper>();
        services.AddApiRateLimiting();
        services.AddOptions<ApiConcurrencyOptions>().BindConfiguration(ApiConcurrencyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiConcurrencyGate>();
        return services;
    }

    /// <summary>Problem JSON for every error under /api; goes after the status-code pages it switches off.</summary>
    public static IApplicationBuilder UseStockApiErrors(this IApplicationBuilder app) =>
        app.UseWhen(IsApiRequest, api => api.UseMiddleware<ApiErrorMiddleware>());

    /// <summary>
    /// The key's rate limit (<see cref="ApiRateLimiting"/>), then JSON request bodies checked before binding
    /// (<see cref="RequestBody"/>); goes after authorization. Both ahead of the endpoint, so a request the body gate or
    /// binding refuses is counted like any other.
    /// </summary>
    public static IApplicationBuilder UseStockApiBodies(this IApplicationBuilder app) =>
        app.UseWhen(IsApiRequest, api => api.Use(ApiRateLimiting.LimitAsync).Use(RequestBody.GateAsync));

    public static IEndpointRouteBuilder MapStockApi(this IEndpointRouteBuilder app)
    {
        // Next to the API it describes, and at ASP.NET Core's conventional address where tools look first.
        app.MapOpenApi(Prefix + "/openapi.json").AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        // Served from the package's own files; its default fonts would come from Scalar's CDN, which the CSP refuses.
        app.MapScalarApiReference(DocsPath, o => o
                .WithTitle("CodRocket Stock API")
                .WithOpenApiRoutePattern(Prefix + "/openapi.json")
                .DisableDefaultFonts())
            .AllowAnonymous();

        var api = app.MapGroup(Prefix)
            .RequireAuthorization(Policy)
            .AddEndpointFilter(ApiKeyAuthenticationHandler.RequireScopeAsync)
            .AddEndpointFilter(ApiConcurrencyGate.FilterAsync)
            .AddEndpointFilter(ControlCharacterGuard.ApiFilterAsync)
            .AddEndpointFilter(IdempotencyFilter.InvokeAsync)
            // Last, and instead of the framework's own validation filter, which would run before all of the above.
            .AddEndpointFilterFactory(RequestValidation.Create)
            .DisableValidation();
        WarehouseEndpoints.Map(api);
        ProductEndpoints.Map(api);
        StockEndpoints.Map(api);
        AlertEndpoints.Map(api);
        OrderEndpoints.Map(api);
        WebhookEndpoints.Map(api);
        return app;
    }
}
