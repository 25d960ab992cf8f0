using System.Collections;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Web.Api;

/// <summary>
/// The API's JSON request bodies around the framework's binding. Before binding (<see cref="GateAsync"/>, a middleware
/// after authorization): a body not sent as JSON answers 415, one over the endpoint's limit 413, malformed JSON 400 with
/// its line and byte, and a field sent twice or a control character anywhere 400 naming the field, so none of it reaches
/// the serializer or the database. The body is buffered once: the idempotency filter hashes the same bytes
/// (<see cref="BufferAsync"/>). What the serializer then refuses (a wrong type, an unknown field: binding throws, see
/// RouteHandlerOptions.ThrowOnBadRequest) becomes a 400 naming the field as the client wrote it (<see cref="BindingFailure"/>).
/// </summary>
internal static partial class RequestBody
{
    public const int MaxBytes = 64 * 1024;
    private static readonly object BufferKey = new();

    /// <summary>The most a body of this request may hold: <see cref="MaxBytes"/> unless the endpoint says otherwise (a batch).</summary>
    public static int MaxBytesOf(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<ApiBodyLimit>()?.Bytes ?? MaxBytes;

    public static IResult TooLarge(HttpContext http) =>
        ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, $"A request body has at most {MaxBytesOf(http) / 1024} KB.", "Request body too large");

    /// <summary>The body's bytes, read once per request (the gate, then the idempotency hash); null when too large.</summary>
    public static async Task<byte[]?> BufferAsync(HttpContext http)
    {
        var maxBytes = MaxBytesOf(http);
        if (http.Items.TryGetValue(BufferKey, out var cached))
        {
            return (byte[]?)cached;
        }
        byte[]? bytes = null;
        if (http.Request.ContentLength is null || http.Request.ContentLength <= maxBytes)
        {
            using var memory = new MemoryStream();
            var buffer = new byte[8 * 1024];
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0 && memory.Length <= maxBytes)
            {
                memory.Write(buffer, 0, read);
            }
            bytes = memory.Length <= maxBytes ? memory.ToArray() : null;
        }
        http.Items[BufferKey] = bytes;
        if (bytes is not null)
        {
            // Binding reads the body after us: from the buffer.
            http.Request.Body = new MemoryStream(bytes, writable: false);
        }
        return bytes;
    }

    /// <summary>Middleware for /api, after authorization: checks the body of an endpoint that binds one, before binding.</summary>
    public static async Task GateAsync(HttpContext http, RequestDelegate next)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is not { RequestType: not null })
        {
            await next(http);
            return;
        }
        if (await RefusedAsync(http) is { } refused)
        {
            await refused.ExecuteAsync(http);
            return;
        }
        await next(http);
    }

    private static async Task<IResult?> RefusedAsync(HttpContext http)
    {
        if (!http.Request.HasJsonContentType())
        {
            return ApiResults.Problem(StatusCodes.Status415UnsupportedMediaType,
                "Send a JSON body with 'Content-Type: application/json'.", "Unsupported media type");
        }
        if (await BufferAsync(http) is not { } bytes)
        {
            return TooLarge(http);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            return ApiResults.Validation("body", $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ApiResults.Validation("body", "The body is a JSON object.");
            }
            // A duplicated field (even "quantity" and "Quantity") would otherwise be decided by whichever came last, and a
            // control character (NUL) would reach the database.
            return HostileText(document.RootElement, "") is { } hostile ? ApiResults.Validation(hostile.Field, hostile.Message) : null;
        }
    }

    /// <summary>
    /// The first field, at any depth, that is sent twice (names compared ignoring case, as binding does) or whose name or
    /// string value holds a control character; its path as the client wrote it ("lines[1].sku").
    /// </summary>
    internal static (string Field, string Message)? HostileText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in element.EnumerateObject())
                {
                    var field = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (ControlCharacters.In(property.Name))
                    {
                        return (path.Length == 0 ? "body" : path, "A field name holds a control character.");
                    }
                    if (!seen.Add(property.Name))
                    {
                        return (field, $"{field} is sent more than once; send each field once.");
                    }
                    if (HostileText(property.Value, field) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (HostileText(item, $"{(path.Length == 0 ? "body" : path)}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonValueKind.String when ControlCharacters.In(element.GetString()):
                return (path.Length == 0 ? "body" : path,
                    $"{(path.Length == 0 ? "body" : path)} holds a control character (such as NUL); send text only.");
            default:
                return null;
        }
    }

    /// <summary>
    /// The 400 for a body the serializer refused: the field as the client wrote it ("movements[3].quantity") and what it
    /// takes ("must be a whole number"), or "x is not a field of this request" for a field the request does not have.
    /// </summary>
    public static IResult BindingFailure(HttpContext http, JsonException e)
    {
        var path = e.Path is { } p && p.StartsWith('$') ? p[1..].TrimStart('.') : "";
        if (UnmappedMember().Match(e.Message) is { Success: true } unmapped)
        {
            var name = unmapped.Groups["name"].Value;
            var field = path.Length == 0 ? name : path.EndsWith(name, StringComparison.Ordinal) ? path : $"{path}.{name}";
            return ApiResults.Validation(field, $"{field} is not a field of this request.");
        }
        if (path.Length == 0)
        {
            return ApiResults.Validation("body", "The body does not have the expected shape.");
        }
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var requestType = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var (type, nullable) = requestType is null ? (null, false) : TypeAt(options, requestType, path);
        return ApiResults.Validation(path, $"{path} {Expected(type, nullable)}.");
    }

    /// <summary>The type a path ("lines[1].quantity") leads to in a request type, and whether it takes null.</summary>
    private static (Type? Type, bool Nullable) TypeAt(JsonSerializerOptions options, Type root, string path)
    {
        Type? type = root;
        var nullable = false;
        foreach (Match segment in PathSegment().Matches(path))
        {
            if (type is null)
            {
                break;
            }
            if (segment.Groups["index"].Success)
            {
                type = type.IsArray ? type.GetElementType()
                    : type.GetInterfaces().Append(type)
                        .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
                nullable = type is not null && !type.IsValueType;
                continue;
            }
            var name = segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value;
            var property = type == typeof(string) || typeof(IEnumerable).IsAssignableFrom(type) ? null
                : options.GetTypeInfo(type).Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            type = property is null ? null : Optional.InnerType(property.PropertyType) ?? property.PropertyType;
            nullable = type is not null && (!type.IsValueType || Nullable.GetUnderlyingType(type) is not null);
        }
        return (type, nullable);
    }

    /// <summary>What a field takes, in words a client developer reads: "must be a whole number", "must be one of: a, b".</summary>
    private static string Expected(Type? declared, bool nullable)
    {
        if (declared is null)
        {
            return "has the wrong type";
        }
        var type = Nullable.GetUnderlyingType(declared) ?? declared;
        var orNull = nullable ? " or null" : "";
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type).Select(n => JsonNamingPolicy.CamelCase.ConvertName(n));
            return $"must be one of: {string.Join(", ", names)}{orNull}";
        }
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            return $"must be a list{orNull}";
        }
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Int32 or TypeCode.Int64 => $"must be a whole number{orNull}",
            TypeCode.Decimal or TypeCode.Double => $"must be a number{orNull}",
            TypeCode.Boolean => $"must be true or false{orNull}",
            TypeCode.String => $"must be a string{orNull}",
            TypeCode.Object when type != typeof(Guid) && type != typeof(DateTimeOffset) => $"must be an object{orNull}",
            _ => "has the wrong type",
        };
    }

    // System.Text.Json: The JSON property 'qty' could not be mapped to any .NET member contained in type '...'.
    [GeneratedRegex("property '(?<name>[^']*)' could not be mapped", RegexOptions.CultureInvariant)]
    private static partial Regex UnmappedMember();

    // "movements[3].quantity", "customer.phone", "['odd name']"
    [GeneratedRegex(@"\[(?<index>\d+)\]|\['(?<quoted>(?:[^']|'')*)'\]|(?<name>[^.\[]+)", RegexOptions.CultureInvariant)]
    private static partial Regex PathSegment();
}

/// <summary>An endpoint that takes larger bodies than <see cref="RequestBody.MaxBytes"/> (a batch).</summary>
internal sealed record ApiBodyLimit(int Bytes);
