using System.Net;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Web.Infrastructure;
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
            ["--create-store", "--name", "Souk Digital", $"--owner-email={email}", "--owner-name", "Yasmine Alaoui", "--country", "tn"], "a long enough phrase");
        using var client = new StoreClient(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        var signIn = await client.PostFormAsync("/account/sign-in", new() { ["Input.Email"] = email, ["Input.Password"] = "a long enough phrase" });

        code.Should().Be(0);
        output.Should().MatchRegex("^store_id=[0-9a-f-]{36}\r?\n$", "standard output is only what a script reads");
        signIn.Status.Should().Be(HttpStatusCode.Redirect);
        var owner = await app.AcrossStoresAsync(db => db.Users.IgnoreQueryFilters().SingleAsync(u => u.Email == email));
        owner.Role.Should().Be(StoreRole.Owner);
        var store = await app.InDbAsync(owner.TenantId, db => db.CurrentTenantAsync(CancellationToken.None));
        (store.Name, store.Country).Should().Be(("Souk Digital", "TN"));
    }

    [Fact]
    public async Task Missing_arguments_a_short_password_or_a_used_email_create_nothing()
    {
        var existing = await app.CreateStoreAsync();

        var missing = await RunAsync(["--create-store", "--name", "No owner"]);
        var shortPassword = await RunAsync(["--create-store", "--name", "Short", "--owner-email", "short@example.test", "--owner-name", "S", "--owner-password", "1234"]);
        var used = await RunAsync(["--create-store", "--name", "Copycat", "--owner-email", existing.Email, "--owner-name", "C", "--owner-password", "long enough pass"]);
        var nowhere = await RunAsync(["--create-store", "--name", "Nowhere", "--owner-email", "nowhere@example.test", "--owner-password", "long enough pass", "--country", "ZZ"]);

        missing.Code.Should().Be(1);
        missing.Error.Should().Contain("--owner-email").And.Contain(CreateStoreCommand.PasswordVariable);
        missing.Output.Should().BeEmpty();
        shortPassword.Code.Should().Be(1);
        shortPassword.Error.Should().Contain("8");
        used.Code.Should().Be(1);
        (nowhere.Code, nowhere.Error).Should().Match<(int, string)>(r => r.Item1 == 1 && r.Item2.Contains("--country"));
        string[] names = ["No owner", "Short", "Copycat", "Nowhere"];
        (await app.AcrossStoresAsync(db => db.Tenants.CountAsync(t => names.Contains(t.Name)))).Should().Be(0);
    }

    [Fact]
    public async Task With_an_api_key_name_it_prints_a_key_that_works_against_the_api_of_that_store_only()
    {
        var other = await app.CreateStoreAsync("Other store");
        await app.AddWarehouseAsync(other.TenantId, "OTH");
        var email = $"ops-{Guid.NewGuid():N}@example.test";

        var (code, output, error) = await RunAsync(
            ["create-store", "--name", "Riad Supplies", "--owner-email", email, "--owner-password", "a long enough phrase", "--api-key-name", "Storefront"]);
        var printed = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        using var client = app.ApiClient(printed["api_key"]);
        var created = await client.PostJsonAsync("/api/v1/warehouses", """{"code":"RBT","name":"Rabat"}""");
        var listed = await client.GetJsonAsync("/api/v1/warehouses");

        code.Should().Be(0, error);
        printed.Keys.Should().BeEquivalentTo(["store_id", "api_key"]);
        error.Should().Contain("shown only now");
        created.Status.Should().Be(HttpStatusCode.Created, created.ToString());
        listed.Body.Should().Contain("RBT").And.NotContain("OTH");
        var storeId = Guid.Parse(printed["store_id"]);
        (await app.InDbAsync(storeId, db => db.Warehouses.Select(w => w.Code).ToListAsync())).Should().Equal("RBT");
        (await app.InDbAsync(storeId, db => db.ApiKeys.Select(k => k.Name).ToListAsync())).Should().Equal("Storefront");
    }

    [Fact]
    public async Task A_blank_api_key_name_is_refused_before_anything_is_created()
    {
        var (code, output, error) = await RunAsync(
            ["create-store", "--name", "Blank key", "--owner-email", "blank@example.test", "--owner-password", "a long enough phrase", "--api-key-name="]);

        code.Should().Be(1);
        output.Should().BeEmpty();
        error.Should().Contain("--api-key-name");
        (await app.AcrossStoresAsync(db => db.Tenants.CountAsync(t => t.Name == "Blank key"))).Should().Be(0);
    }

    [Theory]
    [InlineData(new string[0], null)]
    [InlineData(new[] { "--urls", "http://+:8080" }, null)]
    [InlineData(new[] { "Logging:LogLevel:Default=Debug" }, null)]
    [InlineData(new[] { "migrate" }, "migrate")]
    [InlineData(new[] { "--migrate" }, "migrate")]
    [InlineData(new[] { "seed-demo" }, "seed-demo")]
    [InlineData(new[] { "create-store", "--name", "X" }, "create-store")]
    [InlineData(new[] { "--create-store", "--name", "X" }, "create-store")]
    [InlineData(new[] { "drop-everything" }, "")]
    public void The_command_line_names_its_commands_and_leaves_host_options_alone(string[] args, string? command) =>
        OperatorCommands.Requested(args).Should().Be(command);
}
