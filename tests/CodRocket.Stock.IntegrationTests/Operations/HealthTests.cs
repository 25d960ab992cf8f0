using System.Net;
using CodRocket.Stock.Testing;

namespace CodRocket.Stock.IntegrationTests.Operations;

public class HealthTests(StockApp app)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy_without_signing_in(string url)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Be("Healthy");
    }
}
