using System.Net;
using CodRocket.Stock.Api;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Webhooks;

/// <summary>/api/v1/webhooks: create (the secret once), read, change, test event, delivery log, rotate, delete; bad input is a 400 problem.</summary>
public class WebhookApiTests(StockApp app)
{
    [Fact]
    public async Task An_integrator_manages_an_endpoint_and_sends_it_a_test_event()
    {
        await using var receiver = new WebhookReceiver();
        var (store, api) = await app.ApiStoreAsync(scopes: ApiKeyScopes.Every);

        var created = await api.PostJsonAsync("/api/v1/webhooks", $$"""{"url":"{{receiver.Url}}","events":["order.created","stock.changed"]}""");
        created.Status.Should().Be(HttpStatusCode.Created, created.Body);
        var id = created.Json["endpoint"]!["id"]!.GetValue<Guid>();
        var secret = created.Json["secret"]!.GetValue<string>();
        secret.Should().StartWith("whsec_");
        created.Location.Should().Be($"/api/v1/webhooks/{id}");

        var read = await api.GetJsonAsync($"/api/v1/webhooks/{id}");
        read.Status.Should().Be(HttpStatusCode.OK);
        read.Body.Should().NotContain(secret, "the secret is shown once");
        read.Json["events"]!.AsArray().Select(e => e!.GetValue<string>()).Should().Equal("order.created", "stock.changed");
        (await api.GetJsonAsync("/api/v1/webhooks")).Json["items"]!.AsArray().Should().ContainSingle();

        var patched = await api.SendAsync(HttpMethod.Patch, $"/api/v1/webhooks/{id}", """{"events":["alert.opened"],"active":false}""");
        patched.Status.Should().Be(HttpStatusCode.OK, patched.Body);
        patched.Json["active"]!.GetValue<bool>().Should().BeFalse();
        (await api.SendAsync(HttpMethod.Patch, $"/api/v1/webhooks/{id}", """{"active":true}""")).Status.Should().Be(HttpStatusCode.OK);

        var test = await api.PostJsonAsync($"/api/v1/webhooks/{id}/test", "");
        test.Status.Should().Be(HttpStatusCode.Accepted, test.Body);
        await app.DeliverWebhooksAsync(store.TenantId);
        var hook = receiver.Received.Should().ContainSingle().Subject;
        hook.Type.Should().Be(WebhookEventTypes.Test);
        WebhookSignature.Verify(secret, hook.Id, hook.Timestamp, hook.Body, hook.Signature).Should().BeTrue();
        var log = await api.GetJsonAsync($"/api/v1/webhooks/{id}/deliveries");
        log.Json["items"]![0]!["status"]!.GetValue<string>().Should().Be("delivered");
        log.Json["items"]![0]!["responseStatus"]!.GetValue<int>().Should().Be(200);
        log.Json["items"]![0]!["messageId"]!.GetValue<string>().Should().Be(hook.Id);

        var rotated = await api.PostJsonAsync($"/api/v1/webhooks/{id}/rotate-secret", "");
        rotated.Status.Should().Be(HttpStatusCode.OK, rotated.Body);
        rotated.Json["secret"]!.GetValue<string>().Should().StartWith("whsec_").And.NotBe(secret);

        (await api.SendAsync(HttpMethod.Delete, $"/api/v1/webhooks/{id}")).Status.Should().Be(HttpStatusCode.NoContent);
        var gone = await api.GetJsonAsync($"/api/v1/webhooks/{id}");
        gone.Status.Should().Be(HttpStatusCode.NotFound);
        gone.MediaType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData("""{"events":["stock.changed"]}""", "url")]
    [InlineData("""{"url":"https://shop.example/hooks","events":[]}""", "events")]
    [InlineData("""{"url":"https://shop.example/hooks","events":["stock.exploded"]}""", "events")]
    [InlineData("""{"url":"not a url","events":["stock.changed"]}""", "url")]
    [InlineData("""{"url":"https://shop.example/hooks","events":["stock.changed"],"products":["NO-SUCH-SKU"]}""", "products")]
    public async Task A_bad_endpoint_is_a_400_that_names_the_field(string body, string field)
    {
        var (_, api) = await app.ApiStoreAsync(scopes: ApiKeyScopes.Every);

        var response = await api.PostJsonAsync("/api/v1/webhooks", body);

        response.Status.Should().Be(HttpStatusCode.BadRequest, response.Body);
        response.MediaType.Should().Be("application/problem+json");
        response.ErrorFields.Should().Contain(field);
    }

    [Fact]
    public async Task A_key_needs_the_webhooks_scope_which_no_key_has_by_default()
    {
        var (store, usual) = await app.ApiStoreAsync();
        using var everything = app.ApiClient(await app.CreateApiKeyAsync(store.TenantId, "Trusted", ApiKeyScopes.Every));

        var listed = await usual.GetJsonAsync("/api/v1/webhooks");
        var created = await usual.PostJsonAsync("/api/v1/webhooks", """{"url":"http://127.0.0.1:9/out","events":["order.created"]}""");

        listed.Status.Should().Be(HttpStatusCode.Forbidden, "a key made with the defaults (read, write, orders) may not see where data goes");
        created.Status.Should().Be(HttpStatusCode.Forbidden);
        created.Json["requiredScope"]!.GetValue<string>().Should().Be("webhooks");
        (await app.InDbAsync(store.TenantId, db => db.WebhookEndpoints.CountAsync())).Should().Be(0);
        (await everything.GetJsonAsync("/api/v1/webhooks")).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_store_cannot_see_or_change_another_stores_endpoint()
    {
        await using var receiver = new WebhookReceiver();
        var (a, _) = await app.ApiStoreAsync(scopes: ApiKeyScopes.Every);
        var (_, apiB) = await app.ApiStoreAsync(scopes: ApiKeyScopes.Every);
        var (id, _) = await app.AddWebhookAsync(a.TenantId, receiver.Url);

        (await apiB.GetJsonAsync($"/api/v1/webhooks/{id}")).Status.Should().Be(HttpStatusCode.NotFound);
        (await apiB.SendAsync(HttpMethod.Patch, $"/api/v1/webhooks/{id}", """{"active":false}""")).Status.Should().Be(HttpStatusCode.NotFound);
        (await apiB.PostJsonAsync($"/api/v1/webhooks/{id}/test", "")).Status.Should().Be(HttpStatusCode.NotFound);
        (await apiB.SendAsync(HttpMethod.Delete, $"/api/v1/webhooks/{id}")).Status.Should().Be(HttpStatusCode.NotFound);
        (await apiB.GetJsonAsync("/api/v1/webhooks")).Json["items"]!.AsArray().Should().BeEmpty();
        (await app.WebhookDeliveriesAsync(a.TenantId)).Should().BeEmpty();
    }
}
