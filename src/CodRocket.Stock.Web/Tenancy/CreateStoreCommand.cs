using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Api;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Web.Tenancy;

/// <summary>
/// <c>create-store --name "..." --owner-email ... --owner-password ... [--owner-name ...] [--country MA] [--api-key-name ...]</c>:
/// creates a store and its Owner the way sign-up does, for ops without a browser, and when asked an API key in it.
/// The password may come from <see cref="PasswordVariable"/> instead, which keeps it out of the shell history and the
/// process list. Standard output is only <c>store_id=...</c> and <c>api_key=...</c> lines (a script can <c>eval</c>
/// them); what a person reads goes to standard error.
/// </summary>
public static class CreateStoreCommand
{
    public const string Name = "create-store";
    public const string Flag = "--create-store";
    public const string PasswordVariable = "STOCK_OWNER_PASSWORD";

    /// <returns>The process exit code: 0 when the store was created, 1 for bad arguments or a refusal, with the reasons on <paramref name="error"/>.</returns>
    public static async Task<int> RunAsync(
        IServiceProvider services, IReadOnlyList<string> args, Func<string, string?> environment, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var options = Parse(args);
        var name = options.GetValueOrDefault("--name")?.Trim();
        var email = options.GetValueOrDefault("--owner-email")?.Trim();
        // The owner's display name defaults to the e-mail's local part; they can change it on their profile.
        var ownerName = (options.GetValueOrDefault("--owner-name") ?? email?.Split('@')[0])?.Trim();
        var apiKeyName = options.GetValueOrDefault("--api-key-name")?.Trim();
        var country = options.GetValueOrDefault("--country")?.Trim().ToUpperInvariant();
        var password = options.GetValueOrDefault("--owner-password") ?? environment(PasswordVariable);

        var problems = new List<string>();
        if (string.IsNullOrEmpty(name) || name.Length > Tenant.NameMaxLength)
        {
            problems.Add($"--name: the store's name, 1 to {Tenant.NameMaxLength} characters.");
        }
        if (string.IsNullOrEmpty(ownerName) || ownerName.Length > StoreUser.FullNameMaxLength)
        {
            problems.Add($"--owner-name: the owner's name, 1 to {StoreUser.FullNameMaxLength} characters.");
        }
        if (string.IsNullOrEmpty(email) || email.Length > StoreUser.EmailMaxLength || !new EmailAddressAttribute().IsValid(email))
        {
            problems.Add("--owner-email: the owner's e-mail address, which they sign in with.");
        }
        if (apiKeyName is not null && apiKeyName.Length is 0 or > ApiKey.NameMaxLength)
        {
            problems.Add($"--api-key-name: the API key's name, 1 to {ApiKey.NameMaxLength} characters (omit it for no key).");
        }
        if (country is not null && !Countries.IsSupported(country))
        {
            problems.Add("--country: the store's country as an ISO 3166 code (MA, FR, …), for its customers' local phone numbers; omit it for the app's default.");
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
            .RegisterAsync(name!, ownerName!, email!, password!, ct, configure: owner => owner.ConfirmEmail(), country: country); // ops vouch for the address
        if (!registered.Succeeded)
        {
            await error.WriteLineAsync("Cannot create the store:");
            foreach (var refusal in registered.Errors)
            {
                await error.WriteLineAsync("  " + refusal.Description);
            }
            return 1;
        }
        await output.WriteLineAsync($"store_id={registered.Store.Id}");
        await error.WriteLineAsync(
            $"Store \"{registered.Store.Name}\" created (id {registered.Store.Id}). {registered.Owner.Email} can sign in as its {StoreRole.Owner}.");
        if (apiKeyName is not null)
        {
            // RegisterAsync left the scope acting for the new store: the key is stamped with it.
            var db = scope.ServiceProvider.GetRequiredService<StockDbContext>();
            var (key, secret) = ApiKey.Create(apiKeyName, registered.Owner.Id, scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow());
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync(ct);
            await output.WriteLineAsync($"api_key={secret}");
            await error.WriteLineAsync($"API key \"{key.Name}\" created ({key.Prefix}…). It is shown only now: keep it in a secret store.");
        }
        return 0;
    }

    /// <summary>"--key value" and "--key=value" pairs; a flag followed by another option has no value.</summary>
    internal static Dictionary<string, string> Parse(IReadOnlyList<string> args)
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
