using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Web.Api;

/// <summary>
/// Reads a JSON request body into <typeparamref name="T"/>, or says precisely what is wrong with it: malformed JSON,
/// a field that does not exist, a value of the wrong type or an unknown enum value each answer 400 with the field
/// named. (Minimal APIs' own binding answers those with a bare 400.) Records which fields were present, so PATCH
/// can tell "set to null" from "leave alone".
/// </summary>
internal sealed record JsonBody<T>(T? Value, IReadOnlySet<string> Fields, IResult? Error) where T : class
{
    public bool Has(string field) => Fields.Contains(field);
}

internal static class JsonBody
{
    public const int MaxBytes = 64 * 1024;
    private static readonly object BufferKey = new();

    /// <summary>The most a body of this request may hold: <see cref="MaxBytes"/> unless the endpoint says otherwise (a batch).</summary>
    public static int MaxBytesOf(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<ApiBodyLimit>()?.Bytes ?? MaxBytes;

    /// <summary>The body's bytes, read once per request (the idempotency hash reads them first); null when too large.</summary>
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
        return bytes;
    }

    public static async Task<JsonBody<T>> ReadAsync<T>(HttpContext http) where T : class
    {
        if (!http.Request.HasJsonContentType())
        {
            return Failed<T>(ApiResults.Problem(StatusCodes.Status415UnsupportedMediaType,
                "Send a JSON body with 'Content-Type: application/json'.", "Unsupported media type"));
        }
        if (await BufferAsync(http) is not { } bytes)
        {
            return Failed<T>(ApiResults.Problem(StatusCodes.Status413PayloadTooLarge,
                $"A request body has at most {MaxBytesOf(http) / 1024} KB.", "Request body too large"));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            return Failed<T>(ApiResults.Validation("body",
                $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})."));
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Failed<T>(ApiResults.Validation("body", "The body is a JSON object."));
            }
            // Before binding: a duplicated field (even "quantity" and "Quantity") would otherwise be decided by whichever
            // came last, and a control character (NUL) would reach the database.
            if (HostileText(root, "") is { } hostile)
            {
                return Failed<T>(ApiResults.Validation(hostile.Field, hostile.Message));
            }
            var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var properties = options.GetTypeInfo(typeof(T)).Properties;
            var fields = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var errors = new FieldErrors();
            foreach (var property in root.EnumerateObject())
            {
                fields.Add(property.Name);
                if (!properties.Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    errors.Add(property.Name, $"{property.Name} is not a field of this request.");
                }
            }
            if (errors.Any)
            {
                return Failed<T>(errors.ToResult());
            }
            try
            {
                return new JsonBody<T>(root.Deserialize<T>(options), fields, null);
            }
            catch (JsonException e)
            {
                var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
                var property = properties.FirstOrDefault(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase));
                return Failed<T>(ApiResults.Validation(field, property is null
                    ? "The body does not have the expected shape."
                    : $"{property.Name} {Expected(property)}."));
            }
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

    /// <summary>What a field takes, in words a client developer reads: "must be a whole number", "must be one of: a, b".</summary>
    private static string Expected(JsonPropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var orNull = property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null ? "" : " or null";
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type).Select(n => JsonNamingPolicy.CamelCase.ConvertName(n));
            return $"must be one of: {string.Join(", ", names)}{orNull}";
        }
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Int32 or TypeCode.Int64 => $"must be a whole number{orNull}",
            TypeCode.Decimal or TypeCode.Double => $"must be a number{orNull}",
            TypeCode.Boolean => $"must be true or false{orNull}",
            TypeCode.String => $"must be a string{orNull}",
            _ => "has the wrong type",
        };
    }

    private static JsonBody<T> Failed<T>(IResult error) where T : class => new(null, new HashSet<string>(), error);
}
