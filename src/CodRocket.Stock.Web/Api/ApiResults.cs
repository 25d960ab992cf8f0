namespace CodRocket.Stock.Web.Api;

/// <summary>The API's error answers, all RFC 9457 problem details (application/problem+json).</summary>
internal static class ApiResults
{
    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, "Correct the fields listed in errors.", title: Text.Key("The request is not valid."));

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: Text.Key("Not found"));

    public static IResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: Text.Key("Conflict"), extensions: extensions);

    public static IResult Problem(int status, string? detail = null, string? title = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title ?? Title(status));

    /// <summary>
    /// Titles for the statuses the API answers with (English keys: the problem-details hook translates titles into the
    /// Accept-Language of the request; details and field errors stay English for the developers who match on them).
    /// </summary>
    public static string? Title(int status) => status switch
    {
        StatusCodes.Status400BadRequest => Text.Key("Bad request"),
        StatusCodes.Status401Unauthorized => Text.Key("Unauthorized"),
        StatusCodes.Status403Forbidden => Text.Key("Forbidden"),
        StatusCodes.Status404NotFound => Text.Key("Not found"),
        StatusCodes.Status405MethodNotAllowed => Text.Key("Method not allowed"),
        StatusCodes.Status409Conflict => Text.Key("Conflict"),
        StatusCodes.Status413PayloadTooLarge => Text.Key("Request too large"),
        StatusCodes.Status415UnsupportedMediaType => Text.Key("Unsupported media type"),
        StatusCodes.Status422UnprocessableEntity => Text.Key("Unprocessable request"),
        StatusCodes.Status429TooManyRequests => Text.Key("Too many requests"),
        StatusCodes.Status500InternalServerError => Text.Key("Server error"),
        _ => null,
    };
}

/// <summary>
/// Collects field errors for one 400 answer where no request record applies: query parameters (camelCase, as in the
/// query) and what only the database can tell (an unknown SKU in a batch). Bodies are checked by RequestValidation.
/// </summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
    }

    public void Length(string field, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max)
        {
            Add(field, $"{field} has at most {max} characters.");
        }
    }

    public void Range(string field, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            Add(field, $"{field} is a whole number from {min:N0} to {max:N0}.");
        }
    }

    public IResult ToResult() => ApiResults.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
