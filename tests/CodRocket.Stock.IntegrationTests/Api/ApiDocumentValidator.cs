using System.Net;
using System.Text.Json.Nodes;
using Json.Schema;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>One request and the answer it got, with the operation (operationId) it was sent to.</summary>
internal sealed record Exchange(string OperationId, string Request, HttpStatusCode Status, string? MediaType, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    public override string ToString() => $"{OperationId} {Request} → {(int)Status} {MediaType} {Body}";
}

/// <summary>
/// Checks real answers against the API's OpenAPI document: the status is documented for the operation, the body has a
/// documented media type and validates against its schema (JsonSchema.Net: OpenAPI 3.1 schemas are JSON Schema
/// 2020-12), the headers the document requires are there, and the headers clients act on are documented.
/// </summary>
internal sealed class ApiDocumentValidator
{
    private const string Base = "https://codrocket.test/openapi.json";
    private static readonly string[] ActedOnHeaders = ["Location", "Retry-After", "Idempotent-Replayed", "WWW-Authenticate"];
    private readonly EvaluationOptions _options = new() { OutputFormat = OutputFormat.List };

    public ApiDocumentValidator(JsonNode document)
    {
        Document = document;
        _options.SchemaRegistry.Register(new JsonNodeBaseDocument(document, new Uri(Base)));
        Operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(o => o.Key is "get" or "post" or "put" or "patch" or "delete")
                .Select(o => new Operation(path.Key, o.Key, o.Value!["operationId"]?.GetValue<string>(), o.Value["summary"]?.GetValue<string>(), o.Value.AsObject())))
            .ToList();
    }

    public JsonNode Document { get; }

    public IReadOnlyList<Operation> Operations { get; }

    public IEnumerable<string> Check(Exchange exchange)
    {
        var operation = Operations.SingleOrDefault(o => o.Id == exchange.OperationId);
        if (operation is null)
        {
            yield return $"{exchange}: no operation {exchange.OperationId} in the document";
            yield break;
        }
        var status = ((int)exchange.Status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Node["responses"]?[status] is not JsonObject answer)
        {
            yield return $"{exchange}: status {status} is not documented for {operation.Id}";
            yield break;
        }
        if (answer["content"] is not JsonObject content)
        {
            if (exchange.Body.Length > 0)
            {
                yield return $"{exchange}: a body the document does not describe";
            }
        }
        else if (exchange.MediaType is null || content[exchange.MediaType]?["schema"] is not { } schemaNode)
        {
            yield return $"{exchange}: media type {exchange.MediaType} is not documented (documented: {string.Join(", ", content.Select(c => c.Key))})";
        }
        else
        {
            // Refs point into the document registered at Base.
            var schema = JsonSchema.FromText(schemaNode.ToJsonString().Replace("\"$ref\":\"#/", $"\"$ref\":\"{Base}#/", StringComparison.Ordinal));
            var result = schema.Evaluate(JsonNode.Parse(exchange.Body), _options);
            if (!result.IsValid)
            {
                var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                    .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"));
                yield return $"{exchange}: the body does not match the document: {string.Join("; ", errors.Take(8))}";
            }
        }
        var documented = answer["headers"]?.AsObject() ?? new JsonObject();
        foreach (var (name, header) in documented)
        {
            if (header?["required"]?.GetValue<bool>() == true && !exchange.Headers.ContainsKey(name))
            {
                yield return $"{exchange}: the required header {name} is missing";
            }
        }
        foreach (var name in ActedOnHeaders.Where(exchange.Headers.ContainsKey))
        {
            if (!documented.Any(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)))
            {
                yield return $"{exchange}: the header {name} is not documented for {status}";
            }
        }
    }

    internal sealed record Operation(string Path, string Method, string? Id, string? Summary, JsonObject Node)
    {
        public bool HasBody => Node["requestBody"] is not null;

        public override string ToString() => $"{Method.ToUpperInvariant()} {Path} ({Id})";
    }
}
