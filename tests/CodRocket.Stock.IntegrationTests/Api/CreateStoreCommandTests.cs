using System.Net;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Web.Tenancy;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Api;

public class CreateStoreCommandTests(StockApp app)
{
    private async Task<(int Code, string Output, string Error)> RunAsync(string[] args, string? passwordVariable = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CreateStoreCommand.RunAsync(app.Services, args,
            name => name == CreateStoreCommand.PasswordVariable ? passwordVariable : null, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task It_creates_a_store_whose_owner_can_sign_in()
    {
        var email = $"ops-{Guid.NewGuid():N}@example.test";

        var (code, output, _) = await RunAsync(
            ["--create-store", "--name", "Souk Digital", $"--owner-email={email}", "--owner-name", "Yasmine Alaoui"], "a long enough phrase");
        using var client = new StoreClient(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        var signIn = await client.PostFormAsync("/account/sign-in", new() { ["Input.Email"] = email, ["Input.Password"] = "a long enough phrase" });

        code.Should().Be(0);
        output.Should().Contain("Souk Digital");
        signIn.Status.Should().Be(HttpStatusCode.Redirect);
        var owner = await app.InDbAsync(Guid.Empty, db => db.Users.IgnoreQueryFilters().SingleAsync(u => u.Email == email));
        owner.Role.Should().Be(StoreRole.Owner);
        (await app.InDbAsync(owner.TenantId, db => db.CurrentTenantAsync(CancellationToken.None))).Name.Should().Be("Souk Digital");
    }

    [Fact]
    public async Task Missing_arguments_a_short_password_or_a_used_email_create_nothing()
    {
        var existing = await app.CreateStoreAsync();

        var missing = await RunAsync(["--create-store", "--name", "No owner"]);
        var shortPassword = await RunAsync(["--create-store", "--name", "Short", "--owner-email", "short@example.test", "--owner-name", "S", "--owner-password", "1234"]);
        var used = await RunAsync(["--create-store", "--name", "Copycat", "--owner-email", existing.Email, "--owner-name", "C", "--owner-password", "long enough pass"]);

        missing.Code.Should().Be(1);
        missing.Error.Should().Contain("--owner-email").And.Contain("--owner-name").And.Contain(CreateStoreCommand.PasswordVariable);
        shortPassword.Code.Should().Be(1);
        shortPassword.Error.Should().Contain("8");
        used.Code.Should().Be(1);
        string[] names = ["No owner", "Short", "Copycat"];
        (await app.InDbAsync(Guid.Empty, db => db.Tenants.CountAsync(t => names.Contains(t.Name)))).Should().Be(0);
    }
}
