using CodRocket.Stock.Catalog;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Webhooks;

/// <summary>
/// Signed events reach a real HTTP receiver: each event type once per change, signatures that verify (with both secrets
/// during a rotation), every event exactly once through a receiver's outage, never another store's, and after 24 h of
/// failures the endpoint is turned off and the owner told.
/// </summary>
public class WebhookDeliveryTests(StockApp app)
{
    [Fact]
    public async Task A_store_without_an_endpoint_pays_no_round_trip_for_webhooks_and_gets_the_next_change_once_it_adds_one()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W1");
        var product = await app.AddProductAsync(store.TenantId, "QUIET-1", 5, (warehouse, 10));
        await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, 1));

        int without;
        using (var counter = SqlStatementCounter.Start())
        {
            await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, 1));
            counter.Statements.Should().NotContain(s => s.Contains("webhook_deliveries"));
            without = Work(counter).Count;
        }
        await using var receiver = new WebhookReceiver();
        await app.AddWebhookAsync(store.TenantId, receiver.Url);
        using (var counter = SqlStatementCounter.Start())
        {
            await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, 1));
            counter.Statements.Should().Contain(s => s.Contains("INSERT INTO webhook_deliveries"));
            Work(counter).Should().HaveCount(without + 1, "the outbox INSERT is the only round trip an endpoint adds")
                .And.ContainSingle(trip => trip.Any(s => s.Contains("INSERT INTO webhook_deliveries")));
        }
        await app.DeliverWebhooksAsync(store.TenantId);

        var received = receiver.Received.Should().ContainSingle().Subject;
        received.Type.Should().Be(WebhookEventTypes.StockChanged);
        received.Data["available"]!.GetValue<int>().Should().Be(13);

        // The work's own round trips, without the job it hands to Hangfire after its commit.
        static List<IReadOnlyList<string>> Work(SqlStatementCounter counter) =>
            counter.RoundTrips.Where(trip => !trip.Any(s => s.Contains("hangfire", StringComparison.OrdinalIgnoreCase) || s.StartsWith("NOTIFY new_job", StringComparison.Ordinal))).ToList();
    }

    [Fact]
    public async Task Each_event_type_arrives_exactly_once_per_change_and_its_signature_verifies()
    {
        await using var receiver = new WebhookReceiver();
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W1");
        var product = await app.AddProductAsync(store.TenantId, "HOOK-1", 5, (warehouse, 10));
        var waiting = await app.AddProductAsync(store.TenantId, "HOOK-BO");
        await app.SetPolicyAsync(store.TenantId, waiting, OutOfStockPolicy.Backorder);
        var (_, secret) = await app.AddWebhookAsync(store.TenantId, receiver.Url);
        var seen = 0;

        async Task<List<ReceivedWebhook>> Step(Func<Task> change)
        {
            await change();
            await app.DeliverWebhooksAsync(store.TenantId);
            await app.DeliverWebhooksAsync(store.TenantId); // a second run finds nothing left: exactly once
            var fresh = receiver.Received.Skip(seen).ToList();
            seen += fresh.Count;
            fresh.Should().OnlyContain(r => r.AnsweredWith == 200);
            foreach (var hook in fresh)
            {
                WebhookSignature.Verify(secret, hook.Id, hook.Timestamp, hook.Body, hook.Signature).Should().BeTrue(hook.Body);
                hook.Timestamp.Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 60);
            }
            return fresh;
        }

        var receipt = await Step(() => app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, 2)));
        receipt.Select(r => r.Type).Should().Equal(WebhookEventTypes.StockChanged);
        receipt[0].Data["sku"]!.GetValue<string>().Should().Be("HOOK-1");
        receipt[0].Data["warehouseCode"]!.GetValue<string>().Should().Be("W1");
        receipt[0].Data["available"]!.GetValue<int>().Should().Be(12);

        var low = await Step(() => app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 8, AdjustmentReason.Damaged)));
        low.Select(r => r.Type).Should().BeEquivalentTo([WebhookEventTypes.StockChanged, WebhookEventTypes.AlertOpened]);
        var alertId = low.Single(r => r.Type == WebhookEventTypes.AlertOpened).Data["alertId"]!.GetValue<Guid>();

        var empty = await Step(() => app.ApplyAsync(store.TenantId, StockChange.Count(product, warehouse, 0, AdjustmentReason.Count)));
        empty.Select(r => r.Type).Should().BeEquivalentTo([WebhookEventTypes.StockChanged, WebhookEventTypes.AlertEscalated]);
        empty.Single(r => r.Type == WebhookEventTypes.AlertEscalated).Data["alertId"]!.GetValue<Guid>().Should().Be(alertId);

        var refill = await Step(() => app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, 20)));
        refill.Select(r => r.Type).Should().BeEquivalentTo([WebhookEventTypes.StockChanged, WebhookEventTypes.AlertResolved]);

        Guid orderId = default;
        var placed = await Step(async () =>
            orderId = ((PlaceOrderResult.Placed)await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, ("HOOK-1", 3)))).Order.Id);
        placed.Select(r => r.Type).Should().BeEquivalentTo([WebhookEventTypes.StockChanged, WebhookEventTypes.OrderCreated]);
        var created = placed.Single(r => r.Type == WebhookEventTypes.OrderCreated).Data;
        created["orderId"]!.GetValue<Guid>().Should().Be(orderId);
        created["lines"]![0]!["sku"]!.GetValue<string>().Should().Be("HOOK-1");

        var confirmed = await Step(() => app.MoveOrderAsync(store.TenantId, orderId, OrderStatus.Confirmed));
        confirmed.Select(r => r.Type).Should().Equal(WebhookEventTypes.OrderStatusChanged);
        confirmed[0].Data["status"]!.GetValue<string>().Should().Be("Confirmed");
        confirmed[0].Data["previousStatus"]!.GetValue<string>().Should().Be("New");

        await Step(() => app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, ("HOOK-BO", 2))));
        var filled = await Step(() => app.ApplyAsync(store.TenantId, StockChange.Receive(waiting, warehouse, 5)));
        filled.Select(r => r.Type).Should().BeEquivalentTo([WebhookEventTypes.StockChanged, WebhookEventTypes.BackorderFilled]);
        filled.Single(r => r.Type == WebhookEventTypes.BackorderFilled).Data["units"]!.GetValue<int>().Should().Be(2);

        receiver.Received.Select(r => r.Id).Should().OnlyHaveUniqueItems();
        (await app.WebhookDeliveriesAsync(store.TenantId)).Should().OnlyContain(d => d.Status == WebhookDeliveryStatus.Delivered && d.Attempts == 1);
    }

    [Fact]
    public async Task An_endpoint_gets_only_the_events_and_products_it_chose()
    {
        await using var receiver = new WebhookReceiver();
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W1");
        var chosen = await app.AddProductAsync(store.TenantId, "PICK-1", null, (warehouse, 1));
        var other = await app.AddProductAsync(store.TenantId, "PICK-2", null, (warehouse, 1));
        await app.AddWebhookAsync(store.TenantId, receiver.Url, [WebhookEventTypes.StockChanged], ["pick-1"]);

        await app.ApplyAsync(store.TenantId, StockChange.Receive(other, warehouse, 1));
        await app.ApplyAsync(store.TenantId, StockChange.Receive(chosen, warehouse, 1));
        await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, ("PICK-2", 1)));
        await app.DeliverWebhooksAsync(store.TenantId);

        receiver.Received.Should().ContainSingle().Which.Data["sku"]!.GetValue<string>().Should().Be("PICK-1");
    }

    [Fact]
    public async Task During_a_rotation_deliveries_verify_with_the_new_and_the_previous_secret()
    {
        await using var receiver = new WebhookReceiver();
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W1");
        var product = await app.AddProductAsync(store.TenantId, "ROT-1");
        var (id, previous) = await app.AddWebhookAsync(store.TenantId, receiver.Url);
        var rotated = await app.InStoreAsync(store.TenantId, services => services.GetRequiredService<WebhookService>().RotateSecretAsync(id, CancellationToken.None));

        await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, 3));
        await app.DeliverWebhooksAsync(store.TenantId);

        rotated.Should().StartWith("whsec_").And.NotBe(previous);
        var hook = receiver.Received.Should().ContainSingle().Subject;
        hook.Signature.Split(' ').Should().HaveCount(2).And.OnlyContain(s => s.StartsWith("v1,", StringComparison.Ordinal));
        WebhookSignature.Verify(rotated!, hook.Id, hook.Timestamp, hook.Body, hook.Signature).Should().BeTrue("the new secret signs");
        WebhookSignature.Verify(previous, hook.Id, hook.Timestamp, hook.Body, hook.Signature).Should().BeTrue("the previous secret still signs for 24 h");
        WebhookSignature.Verify(WebhookEndpoint.NewSecret(), hook.Id, hook.Timestamp, hook.Body, hook.Signature).Should().BeFalse();

        // 24 h later only the new secret signs.
        await app.InDbAsync(store.TenantId, db => db.WebhookEndpoints.ExecuteUpdateAsync(s => s.SetProperty(e => e.PreviousSecretExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1))));
        await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, 3));
        await app.DeliverWebhooksAsync(store.TenantId);
        var later = receiver.Received[^1];
        later.Signature.Split(' ').Should().ContainSingle();
        WebhookSignature.Verify(previous, later.Id, later.Timestamp, later.Body, later.Signature).Should().BeFalse();
        WebhookSignature.Verify(rotated!, later.Id, later.Timestamp, later.Body, later.Signature).Should().BeTrue();
    }

    [Fact]
    public async Task A_receiver_that_fails_five_times_then_recovers_gets_every_event_exactly_once()
    {
        await using var receiver = new WebhookReceiver();
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W1");
        var product = await app.AddProductAsync(store.TenantId, "DOWN-1");
        await app.AddWebhookAsync(store.TenantId, receiver.Url);
        receiver.FailNext(5);

        for (var i = 1; i <= 3; i++)
        {
            await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, i));
        }
        await app.DeliverWebhooksAsync(store.TenantId);
        var retrying = await app.WebhookDeliveriesAsync(store.TenantId);
        retrying.Should().HaveCount(3).And.OnlyContain(d => d.Status == WebhookDeliveryStatus.Pending && d.ResponseStatus == 500
            && d.NextAttemptAt > DateTimeOffset.UtcNow && d.LastError == "HTTP 500");
        await app.DeliverWebhooksAsync(store.TenantId);
        receiver.Received.Should().HaveCount(3, "a retry waits for its backoff");

        for (var round = 0; round < 5 && (await app.WebhookDeliveriesAsync(store.TenantId)).Any(d => d.Status != WebhookDeliveryStatus.Delivered); round++)
        {
            await app.MakeWebhookRetriesDueAsync(store.TenantId);
            await Task.WhenAll(app.DeliverWebhooksAsync(store.TenantId), app.DeliverWebhooksAsync(store.TenantId));
        }

        receiver.Received.Count(r => r.AnsweredWith == 500).Should().Be(5);
        receiver.Accepted.Should().HaveCount(3);
        receiver.Accepted.Select(r => r.Id).Should().OnlyHaveUniqueItems();
        receiver.Accepted.Select(r => r.Data["available"]!.GetValue<int>()).Should().BeEquivalentTo([1, 3, 6]);
        (await app.WebhookDeliveriesAsync(store.TenantId)).Should().OnlyContain(d => d.Status == WebhookDeliveryStatus.Delivered && d.ResponseStatus == 200);
    }

    [Fact]
    public async Task Store_As_events_never_reach_store_Bs_endpoints()
    {
        await using var receiverA = new WebhookReceiver();
        await using var receiverB = new WebhookReceiver();
        var a = await app.CreateStoreAsync();
        var b = await app.CreateStoreAsync();
        var warehouseA = await app.AddWarehouseAsync(a.TenantId, "W1");
        var productA = await app.AddProductAsync(a.TenantId, "ISO-1", 5);
        await app.AddWebhookAsync(a.TenantId, receiverA.Url);
        await app.AddWebhookAsync(b.TenantId, receiverB.Url);

        await app.ApplyAsync(a.TenantId, StockChange.Receive(productA, warehouseA, 3));
        await app.PlaceOrderAsync(a.TenantId, OrderSeeding.Draft(warehouseA, ("ISO-1", 1)));
        await app.DeliverWebhooksAsync(b.TenantId);
        await app.DeliverWebhooksAsync(a.TenantId);
        await app.DeliverWebhooksAsync(b.TenantId);

        receiverA.Received.Should().NotBeEmpty();
        receiverB.Received.Should().BeEmpty();
        (await app.WebhookDeliveriesAsync(b.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task After_24_hours_of_failures_the_endpoint_is_turned_off_and_the_owner_told_by_email()
    {
        await using var receiver = new WebhookReceiver();
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W1");
        var product = await app.AddProductAsync(store.TenantId, "GONE-1");
        var (id, _) = await app.AddWebhookAsync(store.TenantId, receiver.Url);
        receiver.FailNext(int.MaxValue);
        await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, 1));
        await app.DeliverWebhooksAsync(store.TenantId);

        // A day has gone by in retries.
        await app.InDbAsync(store.TenantId, db => db.WebhookDeliveries.ExecuteUpdateAsync(s => s
            .SetProperty(d => d.CreatedAt, DateTimeOffset.UtcNow.AddHours(-25)).SetProperty(d => d.NextAttemptAt, DateTimeOffset.UtcNow.AddSeconds(-1))));
        await app.DeliverWebhooksAsync(store.TenantId);

        var delivery = (await app.WebhookDeliveriesAsync(store.TenantId)).Should().ContainSingle().Subject;
        delivery.Should().Match<WebhookDelivery>(d => d.Status == WebhookDeliveryStatus.Failed && d.Attempts == 2 && d.NextAttemptAt == null);
        var endpoint = await app.InDbAsync(store.TenantId, db => db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == id));
        endpoint.IsActive.Should().BeFalse();
        endpoint.DisabledAt.Should().NotBeNull();

        // Off: new events wait (not sent, not lost) until it is turned on again.
        await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, 1));
        await app.DeliverWebhooksAsync(store.TenantId);
        receiver.Received.Should().HaveCount(2);

        await app.DeliverAsync(store.TenantId);
        var mail = app.Mail.To(store.Email).Should().ContainSingle().Subject;
        mail.Subject.Should().Contain("Webhook endpoint turned off");
        mail.TextBody.Should().Contain(receiver.Url).And.Contain("https://stock.test/settings/webhooks");
        (await app.InDbAsync(store.TenantId, db => db.Notifications.AsNoTracking().SingleAsync(n => n.Kind == NotificationKind.WebhookDisabled)))
            .Status.Should().Be(NotificationStatus.Sent);
    }
}
