using System.Net;
using CodRocket.Stock.Api;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.IntegrationTests.Webhooks;

/// <summary>The app as deployed: Production, with the SSRF guard's defaults (no private networks, https only).</summary>
public sealed class ProductionWebhooksApp : StockApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.UseSetting("Webhooks:AllowPrivateNetworks", "false");
    }
}

/// <summary>
/// The SSRF guard in production mode: an endpoint on a loopback or private address (literal, or a name that resolves
/// to one) or over plain http is refused with a 400 naming the field, and a delivery re-checks the address it would
/// connect to, so an endpoint that points inside the network (saved before, or re-pointed by DNS) reaches nothing.
/// </summary>
public class WebhookAddressGuardTests(ProductionWebhooksApp app) : IClassFixture<ProductionWebhooksApp>
{
    [Theory]
    [InlineData("https://127.0.0.1/hooks", "private, loopback or link-local")]
    [InlineData("https://localhost:8443/hooks", "private, loopback or link-local")]
    [InlineData("https://10.1.2.3/hooks", "private, loopback or link-local")]
    [InlineData("https://169.254.169.254/latest/meta-data", "private, loopback or link-local")]
    [InlineData("https://[::1]/hooks", "private, loopback or link-local")]
    [InlineData("http://shop.example.com/hooks", "Only https:// URLs")]
    [InlineData("ftp://shop.example.com/hooks", "absolute URL")]
    public async Task An_endpoint_inside_the_network_or_over_http_is_refused_with_a_400(string url, string reason)
    {
        var (_, api) = await app.ApiStoreAsync(scopes: ApiKeyScopes.Every);

        var response = await api.PostJsonAsync("/api/v1/webhooks", $$"""{"url":"{{url}}","events":["stock.changed"]}""");

        response.Status.Should().Be(HttpStatusCode.BadRequest, response.Body);
        response.MediaType.Should().Be("application/problem+json");
        response.ErrorFields.Should().Equal("url");
        response.Json["errors"]!["url"]![0]!.GetValue<string>().Should().Contain(reason);
    }

    [Fact]
    public void Production_requires_https_and_refuses_private_networks_by_default()
    {
        var options = app.Services.GetRequiredService<IOptions<WebhookOptions>>().Value;
        options.RequireHttps.Should().BeTrue();
        options.AllowPrivateNetworks.Should().BeFalse();
    }

    [Fact]
    public async Task A_delivery_checks_the_address_again_and_never_posts_inside_the_network()
    {
        await using var receiver = new WebhookReceiver();
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W1");
        var product = await app.AddProductAsync(store.TenantId, "SSRF-1");
        // Saved when the guard allowed it (or pointed elsewhere by DNS since): written straight to the database.
        await app.InStoreAsync(store.TenantId, async services =>
        {
            var db = services.GetRequiredService<CodRocket.Stock.Data.StockDbContext>();
            db.WebhookEndpoints.Add(new WebhookEndpoint(receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal),
                WebhookEventTypes.All, null, true, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        });

        await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, 1));
        await app.DeliverWebhooksAsync(store.TenantId);

        receiver.Received.Should().BeEmpty();
        var delivery = (await app.WebhookDeliveriesAsync(store.TenantId)).Should().ContainSingle().Subject;
        delivery.Status.Should().Be(WebhookDeliveryStatus.Pending, "retried with backoff like any failure");
        delivery.ResponseStatus.Should().BeNull();
        delivery.LastError.Should().Be(WebhookUrlPolicy.PrivateAddress);
    }
}
