using System.Net;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Web.Tenancy;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Settings;

public class JobDashboardTests(StockApp app)
{
    private const string OperatorPassword = "an operator's long phrase";

    private StoreClient Anonymous() =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    private async Task<(int Code, string Error)> CreateOperatorAsync(string[] args, string? password = OperatorPassword)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CreateOperatorCommand.RunAsync(app.Services, args,
            name => name == CreateOperatorCommand.PasswordVariable ? password : null, output, error, TestContext.Current.CancellationToken);
        return (code, error.ToString());
    }

    private async Task<StoreClient> SignUpAsync(string email)
    {
        var client = Anonymous();
        var signUp = await client.PostFormAsync("/account/sign-up", new()
        {
            ["Input.StoreName"] = "Squatter",
            ["Input.FullName"] = "Someone",
            ["Input.Email"] = email,
            ["Input.Password"] = "a long enough phrase",
        });
        signUp.Status.Should().Be(HttpStatusCode.Redirect);
        return client;
    }

    [Fact]
    public async Task A_self_registered_account_gets_no_dashboard_whatever_its_address()
    {
        var merchant = await app.CreateStoreAsync();
        using var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        using var merchantClient = await app.SignInAsync(merchant);
        // The address the dashboard used to trust by configuration (Jobs:Operators), registered by anyone.
        using var squatter = await SignUpAsync($"operator-{Guid.NewGuid():N}@codrocket.test");

        using var anonymousResponse = await anonymous.GetAsync(new Uri("/ops/jobs", UriKind.Relative), TestContext.Current.CancellationToken);
        var merchantResponse = await merchantClient.GetAsync("/ops/jobs");
        var squatterResponse = await squatter.GetAsync("/ops/jobs");

        anonymousResponse.StatusCode.Should().BeOneOf(HttpStatusCode.Redirect, HttpStatusCode.Unauthorized);
        merchantResponse.Status.Should().BeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        squatterResponse.Status.Should().BeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        squatterResponse.Text.Should().NotContain("CodRocket Stock jobs");
    }

    [Fact]
    public async Task An_operator_created_by_the_command_line_gets_the_dashboard_read_only()
    {
        var email = $"ops-{Guid.NewGuid():N}@codrocket.test";

        var (code, _) = await CreateOperatorAsync(["create-operator", "--email", email, "--name", "Night shift"]);
        using var operatorClient = Anonymous();
        var signIn = await operatorClient.PostFormAsync("/account/sign-in", new() { ["Input.Email"] = email, ["Input.Password"] = OperatorPassword });
        var dashboard = await operatorClient.GetAsync("/ops/jobs");
        var recurring = await operatorClient.GetAsync("/ops/jobs/recurring");

        code.Should().Be(0);
        signIn.Status.Should().Be(HttpStatusCode.Redirect);
        dashboard.Status.Should().Be(HttpStatusCode.OK);
        dashboard.Text.Should().Contain("CodRocket Stock jobs");
        recurring.Status.Should().Be(HttpStatusCode.OK);
        recurring.Text.Should().Contain("sweep");
        // Read-only: the commands (trigger, delete, requeue) are not offered.
        recurring.Document.QuerySelectorAll("button.js-jobs-list-command, [data-url]").Should().BeEmpty();
        var account = await app.AcrossStoresAsync(db => db.Users.IgnoreQueryFilters().AsNoTracking().SingleAsync(u => u.Email == email));
        account.IsOperator.Should().BeTrue();
        account.EmailConfirmed.Should().BeTrue();
    }

    [Fact]
    public async Task The_command_makes_no_merchant_an_operator_and_wants_the_password_from_the_environment()
    {
        var merchant = await app.CreateStoreAsync();
        var fresh = $"ops-{Guid.NewGuid():N}@codrocket.test";

        var merchantAddress = await CreateOperatorAsync(["create-operator", "--email", merchant.Email]);
        var noPassword = await CreateOperatorAsync(["create-operator", "--email", fresh], password: null);
        using var merchantClient = await app.SignInAsync(merchant);

        merchantAddress.Code.Should().Be(1);
        noPassword.Code.Should().Be(1);
        noPassword.Error.Should().Contain(CreateOperatorCommand.PasswordVariable);
        (await merchantClient.GetAsync("/ops/jobs")).Status.Should().BeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        (await app.AcrossStoresAsync(db => db.Users.IgnoreQueryFilters().CountAsync(u => u.IsOperator && (u.Email == merchant.Email || u.Email == fresh))))
            .Should().Be(0);
    }
}
