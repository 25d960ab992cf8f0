using System.Net;
using CodRocket.Stock.Testing;

namespace CodRocket.Stock.IntegrationTests.Settings;

public class JobDashboardTests(StockApp app)
{
    [Fact]
    public async Task Only_platform_operators_reach_the_job_dashboard()
    {
        var merchant = await app.CreateStoreAsync();
        var operatorStore = await app.CreateStoreAsync(ownerEmail: "operator@codrocket.test");
        using var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        using var merchantClient = await app.SignInAsync(merchant);
        using var operatorClient = await app.SignInAsync(operatorStore);

        using var anonymousResponse = await anonymous.GetAsync(new Uri("/ops/jobs", UriKind.Relative), TestContext.Current.CancellationToken);
        var merchantResponse = await merchantClient.GetAsync("/ops/jobs");
        var operatorResponse = await operatorClient.GetAsync("/ops/jobs");

        anonymousResponse.StatusCode.Should().BeOneOf(HttpStatusCode.Redirect, HttpStatusCode.Unauthorized);
        merchantResponse.Status.Should().BeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        operatorResponse.Status.Should().Be(HttpStatusCode.OK);
        operatorResponse.Text.Should().Contain("CodRocket Stock jobs");
    }
}
