using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CodRocket.Stock.Web.Api;

/// <summary>What the generated OpenAPI document cannot know by itself: the bearer key and the Idempotency-Key header.</summary>
internal static class ApiDocument
{
    private const string BearerScheme = "apiKey";

    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = description => description.RelativePath?.StartsWith(ApiEndpoints.Prefix[1..], StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "CodRocket Stock API",
                Version = ApiEndpoints.DocumentName,
                Description = "Products, warehouses, stock levels, stock movements and alerts of one store. "
                    + "Authenticate with 'Authorization: Bearer <key>' (Settings → API keys); a key acts in its own store only. "
                    + "Send an Idempotency-Key header with a POST to make retries safe. Errors are RFC 9457 problem details.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key of the store, created under Settings → API keys.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (string.Equals(context.Description.HttpMethod, HttpMethods.Post, StringComparison.OrdinalIgnoreCase))
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = IdempotencyFilter.Header,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "Makes a retry safe: the same key with the same body returns the first response and changes "
                        + "nothing more; the same key with another body answers 422. Keys are kept 24 hours per store.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
                });
            }
            return Task.CompletedTask;
        });
    }
}
