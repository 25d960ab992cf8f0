using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Validation;

// The validation types are marked experimental (ASP0029) in .NET 10.
#pragma warning disable ASP0029

namespace CodRocket.Stock.Web.Api;

/// <summary>
/// Validates an endpoint's request body with ASP.NET Core's validation (AddValidation: the rules of
/// RequestRules.cs and IValidatableObject, nested objects and lists included) and answers the API's own 400:
/// errors keyed by the field as the client writes it ("movements[3].quantity"), each message naming that field. It is the
/// group's last filter, where the framework's own validation filter would run first: a key without the scope, a spent
/// rate limit or a bad Idempotency-Key still answers as before.
/// </summary>
internal static partial class RequestValidation
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var options = context.ApplicationServices.GetRequiredService<IOptions<ValidationOptions>>().Value;
        var services = context.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
        var bodies = new List<(int Index, IValidatableInfo Info)>();
        var parameters = context.MethodInfo.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            // The request body, not a service the handler takes (the DbContext has properties too).
            if (!services.IsService(parameters[i].ParameterType) && options.TryGetValidatableTypeInfo(parameters[i].ParameterType, out var info))
            {
                bodies.Add((i, info));
            }
        }
        if (bodies.Count == 0)
        {
            return next;
        }
        return async invocation =>
        {
            foreach (var (index, info) in bodies)
            {
                if (invocation.Arguments[index] is not { } body)
                {
                    continue;
                }
                var validation = new ValidateContext
                {
                    ValidationOptions = options,
                    ValidationContext = new ValidationContext(body, invocation.HttpContext.RequestServices, items: null),
                };
                await info.ValidateAsync(body, validation, invocation.HttpContext.RequestAborted);
                if (validation.ValidationErrors is { Count: > 0 } errors)
                {
                    return ApiResults.Validation(errors.ToDictionary(
                        e => ClientPath(e.Key),
                        e => e.Value.Select(message => Named(ClientPath(e.Key), LastMember(e.Key), message)).ToArray()));
                }
            }
            return await next(invocation);
        };
    }

    /// <summary>"Movements[3].ToWarehouse" (validation speaks C#) as the client writes it: "movements[3].toWarehouse".</summary>
    internal static string ClientPath(string path) =>
        Member().Replace(path, m => JsonNamingPolicy.CamelCase.ConvertName(m.Value));

    /// <summary>A message that begins with its field's own name ("Quantity is required.") begins with its path instead.</summary>
    private static string Named(string path, string member, string message) =>
        member.Length > 0 && message.StartsWith(member + " ", StringComparison.OrdinalIgnoreCase) ? path + message[member.Length..] : message;

    private static string LastMember(string path) => Member().Matches(path) is { Count: > 0 } members ? members[^1].Value : "";

    [GeneratedRegex(@"(?<=^|\.)[A-Za-z_][A-Za-z0-9_]*", RegexOptions.CultureInvariant)]
    private static partial Regex Member();
}
