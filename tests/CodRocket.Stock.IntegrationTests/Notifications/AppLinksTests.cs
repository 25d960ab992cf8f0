using CodRocket.Stock.Notifications;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.IntegrationTests.Notifications;

/// <summary>
/// The links e-mails carry come from the pages' names on App:PublicBaseUrl, outside any request (as in a delivery
/// job), and lead to the addresses the pages answer at.
/// </summary>
public class AppLinksTests(StockApp app)
{
    [Fact]
    public void Links_are_the_pages_addresses_on_the_configured_base_url()
    {
        var links = app.Services.GetRequiredService<IAppLinks>();
        var product = Guid.CreateVersion7();
        var user = Guid.CreateVersion7();

        links.Alerts().Should().Be("https://stock.test/inventory/alerts");
        links.Product(product).Should().Be($"https://stock.test/inventory/products/{product}");
        // Identity's tokens are base64: + / = are escaped, and the token's case is kept (LowercaseUrls is for paths).
        links.AcceptInvitation(user, "Ab+c/D==").Should().Be($"https://stock.test/account/accept-invitation?user={user}&token=Ab%2Bc%2FD%3D%3D");
        links.ConfirmEmail(user, "Ab+c/D==").Should().Be($"https://stock.test/account/confirm-email?user={user}&token=Ab%2Bc%2FD%3D%3D");
    }

    [Theory]
    [InlineData("https://stock.example.com:8443/stock/", "https://stock.example.com:8443/stock/inventory/alerts")]
    [InlineData("https://stock.example.com:443", "https://stock.example.com/inventory/alerts")]
    [InlineData("http://localhost:5080/", "http://localhost:5080/inventory/alerts")]
    public void A_base_url_keeps_its_port_and_path(string baseUrl, string alerts)
    {
        var links = new AppLinks(app.Services.GetRequiredService<LinkGenerator>(), Options.Create(new AppOptions { PublicBaseUrl = baseUrl }));

        links.Alerts().Should().Be(alerts);
    }

    [Fact]
    public void Without_a_base_url_links_point_at_the_development_address()
    {
        var links = new AppLinks(app.Services.GetRequiredService<LinkGenerator>(), Options.Create(new AppOptions()));

        links.Product(Guid.Empty).Should().Be($"{AppLinks.DefaultBaseUrl}/inventory/products/{Guid.Empty}");
    }
}
