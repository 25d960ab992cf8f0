using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Webhooks;

namespace CodRocket.Stock.IntegrationTests.Webhooks;

/// <summary>Settings → Webhooks as a merchant clicks it: add an endpoint, send a test event, read the delivery log, replay, delete.</summary>
public class WebhookPageTests(StockApp app)
{
    [Fact]
    public async Task A_merchant_adds_an_endpoint_sends_a_test_event_and_sees_it_in_the_delivery_log()
    {
        await using var receiver = new WebhookReceiver();
        var store = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(store);

        var list = await client.GetAsync("/settings/webhooks");
        list.Status.Should().Be(HttpStatusCode.OK);
        var form = list.Document.QuerySelector<IHtmlFormElement>("form[data-testid=new-endpoint]")!;
        form.QuerySelector<IHtmlInputElement>("input[name='Input.Url']")!.Value = receiver.Url;
        form.QuerySelector<IHtmlInputElement>("input[value='backorder.filled']")!.IsChecked = false;
        var created = await client.SubmitAsync(list, form);

        created.Status.Should().Be(HttpStatusCode.OK);
        var secret = created.Document.QuerySelector<IHtmlInputElement>("#created-secret")!.Value;
        secret.Should().StartWith("whsec_");
        var link = created.Document.QuerySelector<IHtmlAnchorElement>("[data-testid=endpoints] a")!;
        link.TextContent.Should().Be(receiver.Url);
        (await client.GetAsync("/settings/webhooks")).Text.Should().NotContain(secret, "the secret is shown once");

        var edit = await client.GetAsync(link.GetAttribute("href")!);
        edit.Status.Should().Be(HttpStatusCode.OK);
        edit.Document.QuerySelector<IHtmlInputElement>("input[value='backorder.filled']")!.IsChecked.Should().BeFalse();
        edit.Document.QuerySelector<IHtmlInputElement>("input[value='stock.changed']")!.IsChecked.Should().BeTrue();
        var sent = await client.SubmitAsync(edit, Form(edit, "Test"));
        sent.Status.Should().Be(HttpStatusCode.Redirect);
        await app.DeliverWebhooksAsync(store.TenantId);

        var logged = await client.GetAsync(sent.Location!);
        logged.Text.Should().Contain("Test event queued");
        var row = logged.Document.QuerySelector("[data-testid=deliveries] tbody tr")!;
        row.TextContent.Should().Contain("webhook.test").And.Contain("Delivered").And.Contain("HTTP 200").And.Contain(receiver.Received.Single().Id);
        WebhookSignature.Verify(secret, receiver.Received[0].Id, receiver.Received[0].Timestamp, receiver.Received[0].Body, receiver.Received[0].Signature)
            .Should().BeTrue();

        var replayed = await client.SubmitAsync(logged, Form(logged, "Replay"));
        replayed.Status.Should().Be(HttpStatusCode.Redirect);
        await app.DeliverWebhooksAsync(store.TenantId);
        receiver.Received.Should().HaveCount(2);
        receiver.Received.Select(r => r.Id).Distinct().Should().ContainSingle("a replay keeps the webhook-id, so a receiver can tell");
        (await client.GetAsync(replayed.Location!)).Document.QuerySelectorAll("[data-testid=deliveries] tbody tr").Should().HaveCount(2);

        var rotatedPage = await client.SubmitAsync(logged, Form(logged, "Rotate"));
        rotatedPage.Status.Should().Be(HttpStatusCode.OK);
        rotatedPage.Document.QuerySelector<IHtmlInputElement>("#rotated-secret")!.Value.Should().StartWith("whsec_").And.NotBe(secret);

        var deleted = await client.SubmitAsync(logged, Form(logged, "Delete"));
        deleted.Location.Should().Be("/settings/webhooks");
        var after = await client.GetAsync("/settings/webhooks");
        after.Text.Should().Contain("Webhook endpoint deleted").And.NotContain(receiver.Url);
    }

    [Fact]
    public async Task A_bad_url_or_no_event_gets_a_clear_message_in_french_too()
    {
        var store = await app.CreateStoreAsync(language: "fr");
        using var client = await app.SignInAsync(store);

        var list = await client.GetAsync("/settings/webhooks");
        var form = list.Document.QuerySelector<IHtmlFormElement>("form[data-testid=new-endpoint]")!;
        form.QuerySelector<IHtmlInputElement>("input[name='Input.Url']")!.Value = "ftp://shop.example/hooks";
        foreach (var box in form.QuerySelectorAll<IHtmlInputElement>("input[name='Input.Events']"))
        {
            box.IsChecked = false;
        }
        var refused = await client.SubmitAsync(list, form);

        refused.Status.Should().Be(HttpStatusCode.OK);
        refused.Text.Should().Contain("Saisissez une URL absolue").And.Contain("Choisissez au moins un événement");
        refused.Document.QuerySelectorAll("[data-testid=endpoints]").Should().BeEmpty();
    }

    private static IHtmlFormElement Form(Page page, string handler) =>
        page.Document.QuerySelectorAll<IHtmlFormElement>("form")
            .First(f => f.GetAttribute("action")?.Contains($"handler={handler}", StringComparison.Ordinal) == true);
}
