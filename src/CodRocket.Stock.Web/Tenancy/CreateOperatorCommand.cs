using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Web.Tenancy;

/// <summary>
/// <c>create-operator --email ... [--name ...]</c>, with the password in <see cref="PasswordVariable"/> (never on the
/// command line, where the shell history and the process list would keep it): creates a platform operator, the only
/// kind of account that opens the job dashboard. The account lives in a store of its own and is flagged in the
/// database; an address that already has an account (a merchant's) is refused, so no merchant becomes an operator.
/// </summary>
public static class CreateOperatorCommand
{
    public const string Name = "create-operator";
    public const string PasswordVariable = "STOCK_OPERATOR_PASSWORD";
    public const string StoreName = "CodRocket operations";

    /// <returns>The process exit code: 0 when the operator was created, 1 for bad arguments or a refusal (reasons on <paramref name="error"/>).</returns>
    public static async Task<int> RunAsync(
        IServiceProvider services, IReadOnlyList<string> args, Func<string, string?> environment, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var options = CreateStoreCommand.Parse(args);
        var email = options.GetValueOrDefault("--email")?.Trim();
        var name = (options.GetValueOrDefault("--name") ?? email?.Split('@')[0])?.Trim();
        var password = environment(PasswordVariable);

        var problems = new List<string>();
        if (string.IsNullOrEmpty(email) || email.Length > StoreUser.EmailMaxLength || !new EmailAddressAttribute().IsValid(email))
        {
            problems.Add("--email: the operator's e-mail address, which they sign in with.");
        }
        if (string.IsNullOrEmpty(name) || name.Length > StoreUser.FullNameMaxLength)
        {
            problems.Add($"--name: the operator's name, 1 to {StoreUser.FullNameMaxLength} characters.");
        }
        if (string.IsNullOrEmpty(password))
        {
            problems.Add($"the {PasswordVariable} environment variable: the operator's password, at least 8 characters.");
        }
        if (problems.Count > 0)
        {
            await error.WriteLineAsync("Cannot create the operator:");
            foreach (var problem in problems)
            {
                await error.WriteLineAsync("  " + problem);
            }
            return 1;
        }

        await using var scope = services.CreateAsyncScope();
        var registered = await scope.ServiceProvider.GetRequiredService<StoreRegistration>()
            .RegisterAsync(StoreName, name!, email!, password!, ct, configure: owner => owner.MakeOperator());
        if (!registered.Succeeded)
        {
            await error.WriteLineAsync("Cannot create the operator:");
            foreach (var refusal in registered.Errors)
            {
                await error.WriteLineAsync("  " + refusal.Description);
            }
            return 1;
        }
        await output.WriteLineAsync($"operator_id={registered.Owner.Id}");
        await error.WriteLineAsync($"Operator {registered.Owner.Email} created: they sign in as usual and open /ops/jobs.");
        return 0;
    }
}
