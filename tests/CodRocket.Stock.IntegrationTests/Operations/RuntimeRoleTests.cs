using System.Net;
using System.Text.Json;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace CodRocket.Stock.IntegrationTests.Operations;

/// <summary>
/// Issue 18, item 6: after `migrate` (EF migrations and Hangfire's schema, as the owner), a node runs — pages, API and
/// its job server — as a login that owns nothing and may create nothing, only a member of codrocket_app (compose's
/// APP_DB_USER, created by deploy/postgres/10-runtime-role.sh).
/// </summary>
public class RuntimeRoleTests(StockApp app)
{
    [Fact]
    public async Task A_node_and_its_job_server_run_as_a_login_without_DDL_rights()
    {
        var role = "rt_" + Guid.NewGuid().ToString("N")[..12];
        await using (var owner = new NpgsqlConnection(app.ConnectionString))
        {
            await owner.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand(
                $"CREATE ROLE {role} LOGIN PASSWORD 'runtime' NOSUPERUSER NOCREATEDB NOCREATEROLE IN ROLE codrocket_app", owner);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        var runtime = new NpgsqlConnectionStringBuilder(app.ConnectionString) { Username = role, Password = "runtime" }.ConnectionString;
        await using var node = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Stock", runtime);
            b.UseSetting("App:MigrateOnStartup", "false");
            b.UseSetting("Jobs:PrepareSchema", "false");
            b.UseSetting("Jobs:RunServer", "true");
        });
        var store = await app.CreateStoreAsync();
        using var client = node.CreateClient();

        JsonElement jobs = default;
        for (var attempt = 0; attempt < 40; attempt++)
        {
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            using var ready = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            jobs = ready.RootElement.GetProperty("checks").GetProperty("jobs").Clone();
            if (jobs.GetProperty("status").GetString() == "Healthy")
            {
                break;
            }
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        jobs.GetProperty("status").GetString().Should().Be("Healthy", "this node's job server announced itself with its runtime login");
        using var browser = new StoreClient(node.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        (await browser.PostFormAsync("/account/sign-in", new() { ["Input.Email"] = store.Email, ["Input.Password"] = StockApp.Password }))
            .Status.Should().Be(HttpStatusCode.Redirect);
        (await browser.GetAsync("/inventory/products")).Status.Should().Be(HttpStatusCode.OK);
    }
}
