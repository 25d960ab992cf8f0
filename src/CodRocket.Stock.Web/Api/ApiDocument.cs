using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CodRocket.Stock.Web.Api;

/// <summary>
/// What the generated OpenAPI document cannot know by itself: the bearer key, the Idempotency-Key header, which request
/// fields are required or may be null, and the errors every operation can answer with (authentication, scopes, rate
/// limits, body size and type, idempotency). ApiDocumentTests validates real answers of every operation against it.
/// </summary>
/// <remarks>
/// Request records mark their fields for the document the way validation reads them: <see cref="RequiredAttribute"/> for a
/// field that must be sent (and not null; <see cref="MustSendAttribute"/>: sent, null allowed), <see cref="RefusesNullAttribute"/>
/// for an optional field that refuses null (PATCH "name"). Without either, a field is optional and may be null. An
/// <see cref="Optional{T}"/> (PATCH) field is shown as the T it carries. A response field is always present unless it is
/// <see cref="JsonIgnoreCondition.WhenWritingNull"/>.
/// </remarks>
internal static class ApiDocument
{
    private const string BearerScheme = "apiKey";
    private const string Problem = "ProblemDetails";
    private const string ValidationProblem = "HttpValidationProblemDetails";
    private const string ProblemJson = "application/problem+json";

    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = description => description.RelativePath?.StartsWith(ApiEndpoints.Prefix[1..], StringComparison.Ordinal) == true;
        // An Optional<T> field is written inline, where TellRequiredAndNullable makes it the T it carries.
        options.CreateSchemaReferenceId = type =>
            Optional.InnerType(type.Type) is null ? OpenApiOptions.CreateDefaultSchemaReferenceId(type) : null;
        options.AddDocumentTransformer((document, _, _) =>
        {
            Describe(document);
            TellRequiredAndNullable(document);
            DocumentCommonAnswers(document);
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
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 255 },
                });
            }
            return Task.CompletedTask;
        });
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "CodRocket Stock API",
            Version = ApiEndpoints.DocumentName,
            Description = "Products, warehouses, stock levels, stock movements, orders and alerts of one store. "
                + "Authenticate with 'Authorization: Bearer <key>' (Settings → API keys); a key acts in its own store only, "
                + "with the scopes chosen when it was created (read for GET, orders for changes under /orders, write for any other change). "
                + "Send an Idempotency-Key header with a POST to make retries safe. Errors are RFC 9457 problem details. "
                + $"A readable reference of this document is at {ApiEndpoints.DocsPath}.",
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
    }

    /// <summary>
    /// The generator marks every constructor parameter of a record required and every nullable one nullable, and puts
    /// null among an enum's values when a property uses it nullable (so "oneOf": [null, enum] matched null twice and
    /// failed). Here the records' own attributes decide.
    /// </summary>
    private static void TellRequiredAndNullable(OpenApiDocument document)
    {
        foreach (var (name, candidate) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (candidate is not OpenApiSchema schema)
            {
                continue;
            }
            if (schema.Enum is { Count: > 0 } values)
            {
                schema.Enum = values.Where(v => v is not null).ToList();
                schema.Type = JsonSchemaType.String;
                continue;
            }
            var request = name.EndsWith("Request", StringComparison.Ordinal);
            if (!request)
            {
                // The serializer refuses unknown fields in what clients send (additionalProperties: false, which the
                // generator then says of every type); answers may grow fields, and problem details carry extensions.
                schema.AdditionalPropertiesAllowed = true;
            }
            if (schema.Properties is null || typeof(ApiDocument).Assembly.GetType($"{typeof(ApiDocument).Namespace}.{name}") is not { } type)
            {
                continue;
            }
            var required = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var field = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                if (!schema.Properties.TryGetValue(field, out var fieldSchema))
                {
                    continue;
                }
                if (request)
                {
                    if (Optional.InnerType(property.PropertyType) is { } inner && fieldSchema is OpenApiSchema optional)
                    {
                        fieldSchema = schema.Properties[field] = AsInner(document, optional, property, inner);
                    }
                    var mustSend = property.IsDefined(typeof(RequiredAttribute));
                    if (mustSend)
                    {
                        required.Add(field);
                    }
                    // MustSend: the field is required, and null is one of its values (PUT threshold: null clears it).
                    if ((mustSend && !property.IsDefined(typeof(MustSendAttribute))) || property.IsDefined(typeof(RefusesNullAttribute)))
                    {
                        schema.Properties[field] = WithoutNull(fieldSchema);
                    }
                }
                else if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault })
                {
                    required.Add(field);
                }
            }
            schema.Required = required;
        }
    }

    /// <summary>
    /// An <see cref="Optional{T}"/> field as the T it carries (the generator sees a type with a
    /// converter and says nothing of it): nullable when T is; the field's limits (maxLength, minimum...) are already there.
    /// </summary>
    private static IOpenApiSchema AsInner(OpenApiDocument document, OpenApiSchema schema, PropertyInfo property, Type inner)
    {
        var type = Nullable.GetUnderlyingType(inner) ?? inner;
        var nullable = Nullable.GetUnderlyingType(inner) is not null
            || !inner.IsValueType && new NullabilityInfoContext().Create(property).GenericTypeArguments[0].ReadState == NullabilityState.Nullable;
        if (type.IsEnum)
        {
            var reference = new OpenApiSchemaReference(type.Name, document);
            return nullable ? new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, reference] } : reference;
        }
        var element = type == typeof(string) ? null
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        var (kind, format) = Kind(element is null ? type : typeof(IEnumerable<>));
        schema.Type = kind | (nullable ? JsonSchemaType.Null : 0);
        schema.Format = format;
        if (element is not null)
        {
            var (itemKind, itemFormat) = Kind(element);
            schema.Items = new OpenApiSchema { Type = itemKind, Format = itemFormat };
        }
        foreach (var rule in property.GetCustomAttributes<ValidationAttribute>())
        {
            switch (rule)
            {
                case RangeAttribute range:
                    schema.Minimum ??= Convert.ToString(range.Minimum, CultureInfo.InvariantCulture);
                    schema.Maximum ??= Convert.ToString(range.Maximum, CultureInfo.InvariantCulture);
                    break;
                case MaxLengthAttribute length:
                    schema.MaxLength ??= length.Length;
                    break;
                case RegularExpressionAttribute pattern:
                    schema.Pattern ??= pattern.Pattern;
                    break;
            }
        }
        return schema;

        static (JsonSchemaType Kind, string? Format) Kind(Type type) => Type.GetTypeCode(type) switch
        {
            TypeCode.Int32 => (JsonSchemaType.Integer, "int32"),
            TypeCode.Int64 => (JsonSchemaType.Integer, "int64"),
            TypeCode.Decimal or TypeCode.Double => (JsonSchemaType.Number, "double"),
            TypeCode.Boolean => (JsonSchemaType.Boolean, null),
            TypeCode.String => (JsonSchemaType.String, null),
            _ when type == typeof(IEnumerable<>) => (JsonSchemaType.Array, null),
            _ => throw new NotSupportedException($"Optional<{type.Name}> has no schema yet: add it here."),
        };
    }

    private static IOpenApiSchema WithoutNull(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchema { OneOf: { Count: 2 } oneOf } && oneOf.FirstOrDefault(s => s is OpenApiSchema { Type: JsonSchemaType.Null }) is { } nullSchema)
        {
            return oneOf.First(s => !ReferenceEquals(s, nullSchema));
        }
        if (schema is OpenApiSchema { Type: { } type } plain && type.HasFlag(JsonSchemaType.Null))
        {
            plain.Type = type & ~JsonSchemaType.Null;
        }
        return schema;
    }

    /// <summary>
    /// Answers that come from the pipeline rather than the endpoint: 401/403 (key, scope), 429 (rate limits), 503 (the
    /// concurrency gate's full queue, the database out of reach), 400/413/415
    /// (the body reader and the Idempotency-Key header), 422 (a reused Idempotency-Key), and the headers that go with them.
    /// </summary>
    private static void DocumentCommonAnswers(OpenApiDocument document)
    {
        foreach (var (address, path) in document.Paths)
        {
            // A 201 says where the new thing is when it can be read back (products/{sku}); a movement has no address.
            var readable = document.Paths.Keys.Any(k => k.StartsWith(address + "/{", StringComparison.Ordinal) && k.Count(c => c == '/') == address.Count(c => c == '/') + 1);
            foreach (var (method, operation) in path.Operations ?? [])
            {
                var responses = operation.Responses ??= new OpenApiResponses();
                var post = method == HttpMethod.Post;
                var body = operation.RequestBody is not null;
                foreach (var (status, answer) in responses)
                {
                    if (answer is not OpenApiResponse response)
                    {
                        continue;
                    }
                    if (status == "201" && readable)
                    {
                        AddHeader(response, "Location", "The address of what was created.", required: true, JsonSchemaType.String);
                    }
                    if (status == "202")
                    {
                        AddHeader(response, "Location", "Where to follow what was accepted (a webhook test: the endpoint's delivery log).", required: true, JsonSchemaType.String);
                    }
                    if (post && status is not ("400" or "413" or "415"))
                    {
                        AddHeader(response, IdempotencyFilter.ReplayedHeader,
                            "\"true\" when this is the stored answer to an earlier request with the same Idempotency-Key.", required: false, JsonSchemaType.String);
                    }
                }
                var unauthorized = ProblemAnswer(document, Problem,
                    "No valid API key: missing, malformed, unknown, revoked or expired.");
                AddHeader(unauthorized, "WWW-Authenticate", "Bearer", required: true, JsonSchemaType.String);
                responses.TryAdd("401", unauthorized);
                responses.TryAdd("403", ProblemAnswer(document, Problem,
                    "The key lacks the scope this request needs; requiredScope names it (read, write, orders or webhooks)."));
                if (body || post || operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true)
                {
                    responses.TryAdd("400", ProblemAnswer(document, ValidationProblem,
                        "The request is not valid: errors names each field (or parameter, or header) and what is wrong with it."));
                }
                if (body || post)
                {
                    responses.TryAdd("413", ProblemAnswer(document, Problem, $"The body is larger than {RequestBody.MaxBytes / 1024} KB."));
                }
                if (body)
                {
                    responses.TryAdd("415", ProblemAnswer(document, Problem, "The body is not sent as 'Content-Type: application/json'."));
                }
                if (post)
                {
                    responses.TryAdd("422", ProblemAnswer(document, Problem,
                        "This Idempotency-Key was used in the last 24 hours for a different request."));
                }
                var limited = ProblemAnswer(document, Problem,
                    "Too many requests from this key or its store (or too many failed key lookups from this address).");
                AddHeader(limited, "Retry-After", "Seconds to wait before retrying.", required: true, JsonSchemaType.Integer);
                responses.TryAdd("429", limited);
                var unavailable = ProblemAnswer(document, Problem,
                    "More requests are waiting on this server than it queues (when its operator limits how many it works on at once), or its database is out of reach for a moment.");
                AddHeader(unavailable, "Retry-After", "Seconds to wait before retrying.", required: true, JsonSchemaType.Integer);
                responses.TryAdd("503", unavailable);
                foreach (var (status, answer) in responses)
                {
                    if (answer is not OpenApiResponse response)
                    {
                        continue;
                    }
                    if (string.IsNullOrEmpty(response.Description))
                    {
                        response.Description = status;
                    }
                    if (status != "401")
                    {
                        // Every answer to a request with a valid key (ApiRateLimiting): the tighter of the key's and the store's buckets.
                        AddHeader(response, "RateLimit-Limit", "Requests the tighter of this key's and its store's buckets holds when full.", required: false, JsonSchemaType.Integer);
                        AddHeader(response, "RateLimit-Remaining", "Requests left in that bucket now.", required: false, JsonSchemaType.Integer);
                        AddHeader(response, "RateLimit-Reset", "Seconds until that bucket is full again.", required: false, JsonSchemaType.Integer);
                    }
                }
            }
        }
    }

    private static OpenApiResponse ProblemAnswer(OpenApiDocument document, string schema, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [ProblemJson] = new() { Schema = new OpenApiSchemaReference(schema, document) },
        },
    };

    private static void AddHeader(OpenApiResponse response, string name, string description, bool required, JsonSchemaType type)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader
        {
            Description = description,
            Required = required,
            Schema = new OpenApiSchema { Type = type },
        };
    }
}
