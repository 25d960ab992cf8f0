using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Web.Tenancy;

/// <summary>
/// <c>--create-store --name "..." --owner-email ... --owner-name ... [--owner-password ...]</c>: creates a store and its
/// Owner the way sign-up does, for ops without a browser. The password may come from
/// <see cref="PasswordVariable"/> instead, which keeps it out of the shell history and the process list.
/// </summary>
public static class CreateStoreCommand
{
    public const string Flag = "--create-store";
    public const string PasswordVariable = "STOCK_OWNER_PASSWORD";

    public static bool IsRequested(IEnumerable<string> args) => args.Contains(Flag, StringComparer.Ordinal);

    /// <returns>The process exit code: 0 when the store was created, 1 for bad arguments or a refusal, with the reasons on <paramref name="error"/>.</returns>
    public static async Task<int> RunAsync(
        IServiceProvider services, IReadOnlyList<string> args, Func<string, string?> environment, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var options = Parse(args);
        var name = options.GetValueOrDefault("--name")?.Trim();
        var email = options.GetValueOrDefault("--owner-email")?.Trim();
        var ownerName = options.GetValueOrDefault("--owner-name")?.Trim();
        var password = options.GetValueOrDefault("--owner-password") ?? environment(PasswordVariable);

        var problems = new List<string>();
        if (string.IsNullOrEmpty(name) || name.Length > 120)
        {
            problems.Add("--name: the store's name, 1 to 120 characters.");
        }
        if (string.IsNullOrEmpty(ownerName) || ownerName.Length > 120)
        {
            problems.Add("--owner-name: the owner's name, 1 to 120 characters.");
        }
        if (string.IsNullOrEmpty(email) || email.Length > 256 || !new EmailAddressAttribute().IsValid(email))
        {
            problems.Add("--owner-email: the owner's e-mail address, which they sign in with.");
        }
        if (string.IsNullOrEmpty(password))
        {
            problems.Add($"--owner-password (or the {PasswordVariable} environment variable): the owner's password, at least 8 characters.");
        }
        if (problems.Count > 0)
        {
            await error.WriteLineAsync("Cannot create the store:");
            foreach (var problem in problems)
            {
                await error.WriteLineAsync("  " + problem);
            }
            return 1;
        }

        await using var scope = services.CreateAsyncScope();
        var registered = await scope.ServiceProvider.GetRequiredService<StoreRegistration>()
            .RegisterAsync(name!, ownerName!, email!, password!, ct);
        if (!registered.Succeeded)
        {
            await error.WriteLineAsync("Cannot create the store:");
            foreach (var refusal in registered.Errors)
            {
                await error.WriteLineAsync("  " + refusal.Description);
            }
            return 1;
        }
        await output.WriteLineAsync(
            $"Store \"{registered.Store.Name}\" created (id {registered.Store.Id}). {registered.Owner.Email} can sign in as its {StoreRole.Owner}.");
        return 0;
    }

    /// <summary>"--key value" and "--key=value" pairs; a flag followed by another option has no value.</summary>
    private static Dictionary<string, string> Parse(IReadOnlyList<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                options[arg[..equals]] = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                options[arg] = args[++i];
            }
        }
        return options;
    }
}
