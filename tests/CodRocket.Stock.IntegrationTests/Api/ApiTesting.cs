using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using CodRocket.Stock.Api;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>API keys and JSON calls for the API tests.</summary>
internal static class ApiTesting
{
    /// <summary>Creates a key in the store the way the settings page does; returns its secret.</summary>
    public static Task<string> CreateApiKeyAsync(this StockApp app, Guid tenantId, string name = "Test integration",
        ApiKeyScopes scopes = ApiKeyScopes.All) =>
        app.InDbAsync(tenantId, async db =>
        {
            var (key, secret) = ApiKey.Create(name, null, DateTimeOffset.UtcNow, scopes);
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync();
            return secret;
        });

    /// <summary>
    /// "POST /api/v1/orders/{id}/ship" for every API route the app maps, constraints dropped as OpenAPI writes them; not the
    /// document itself nor its reference page (/api/v1/docs, Scalar's page and files).
    /// </summary>
    public static IEnumerable<string> ApiRoutes(this StockApp app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true
                && e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(method =>
                $"{method} {Regex.Replace(e.RoutePattern.RawText!.TrimEnd('/'), @"\{(\w+):[^}]+\}", "{$1}")}"))
            .Where(route => !route.EndsWith("/openapi.json", StringComparison.Ordinal) && !route.Contains(" /api/v1/docs", StringComparison.Ordinal));

    public static HttpClient ApiClient(this StockApp app, string? key)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    /// <summary>A store with an API key and a client using it.</summary>
    public static async Task<(TestStore Store, HttpClient Client)> ApiStoreAsync(
        this StockApp app, string? name = null, ApiKeyScopes scopes = ApiKeyScopes.All)
    {
        var store = await app.CreateStoreAsync(name);
        return (store, app.ApiClient(await app.CreateApiKeyAsync(store.TenantId, scopes: scopes)));
    }

    public static async Task<ApiResponse> SendAsync(this HttpClient client, HttpMethod method, string url, string? json = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body,
            response.Headers.Location?.ToString(), response.Headers.Contains("Idempotent-Replayed"));
    }

    public static Task<ApiResponse> GetJsonAsync(this HttpClient client, string url) => client.SendAsync(HttpMethod.Get, url);

    public static Task<ApiResponse> PostJsonAsync(this HttpClient client, string url, string json, string? idempotencyKey = null) =>
        client.SendAsync(HttpMethod.Post, url, json, idempotencyKey);
}

internal sealed record ApiResponse(HttpStatusCode Status, string? MediaType, string Body, string? Location, bool Replayed)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    /// <summary>The field names of a 400 problem's errors.</summary>
    public IEnumerable<string> ErrorFields => Json["errors"]?.AsObject().Select(e => e.Key) ?? [];

    public override string ToString() => $"{(int)Status} {MediaType} {Body}";
}
