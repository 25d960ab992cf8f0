using System.Net;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Notifications;

/// <summary>
/// The store's alert pacing, with a real SMTP server and the Twilio stand-in: changes that arrive one transaction at
/// a time still reach each person as a handful of messages. Each delivery job runs here where the dispatch after a
/// commit would start it; the digest window elapses by moving the sends back rather than by waiting.
/// </summary>
public class AlertPacingTests(StockApp app)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(Tenant.DefaultDigestWindowSeconds);

    [Fact]
    public async Task A_burst_of_twenty_single_change_transactions_reaches_each_recipient_in_at_most_two_emails_naming_all_twenty()
    {
        var store = await app.CreateStoreAsync("Burst Bazaar");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var member = await app.AddMemberAsync(store.TenantId, "Burst Reader", emailAlerts: true);
        var (products, skus) = await ProductsAsync(store.TenantId, warehouse, "BURST", 20);

        foreach (var product in products)
        {
            await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 8, AdjustmentReason.Lost));
            await app.DeliverAsync(store.TenantId);
        }
        app.Mail.To(store.Email).Should().ContainSingle("the first alert after a quiet period goes at once; the others wait for the window")
            .Which.Subject.Should().Contain("BURST-00");
        await app.TimePassesAsync(store.TenantId, Window);
        await app.DeliverAsync(store.TenantId);

        foreach (var recipient in new[] { store.Email, member.Email! })
        {
            var mails = app.Mail.To(recipient);
            mails.Should().HaveCount(2, recipient);
            mails[1].Subject.Should().Be("Stock alerts: 19 need attention (0 out of stock)");
            skus.Should().OnlyContain(sku => mails.Count(m => m.TextBody!.Contains(sku, StringComparison.Ordinal)) == 1, "each product is named once");
        }
        (await app.InDbAsync(store.TenantId, db => db.Notifications.CountAsync(n => n.Status != NotificationStatus.Sent))).Should().Be(0);
    }

    [Fact]
    public async Task An_alert_that_resolves_inside_the_window_never_reaches_the_inbox()
    {
        var store = await app.CreateStoreAsync("Flap Souk");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var (products, _) = await ProductsAsync(store.TenantId, warehouse, "FLAP", 3);
        var (first, flapping, steady) = (products[0], products[1], products[2]);

        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(first, warehouse, 8, AdjustmentReason.Lost));
        await app.DeliverAsync(store.TenantId);
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(flapping, warehouse, 8, AdjustmentReason.Lost));
        await app.DeliverAsync(store.TenantId);
        await app.ApplyAsync(store.TenantId, StockChange.Receive(flapping, warehouse, 20));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(steady, warehouse, 8, AdjustmentReason.Lost));
        await app.DeliverAsync(store.TenantId);
        await app.TimePassesAsync(store.TenantId, Window);
        await app.DeliverAsync(store.TenantId);

        var mails = app.Mail.To(store.Email);
        mails.Should().HaveCount(2);
        mails[1].Subject.Should().Contain("FLAP-02");
        mails.Should().NotContain(m => m.TextBody!.Contains("FLAP-01", StringComparison.Ordinal));
        var flapRows = await app.InDbAsync(store.TenantId, db => db.Notifications.Where(n => db.StockAlerts.Any(a => a.Id == n.AlertId && a.ProductId == flapping)).ToListAsync());
        flapRows.Should().ContainSingle().Which.Status.Should().Be(NotificationStatus.Dropped);
        using var client = await app.SignInAsync(store);
        (await client.GetAsync("/settings/notifications?status=Dropped")).Text.Should().Contain("FLAP-01").And.Contain("the alert resolved before it went out");
    }

    [Fact]
    public async Task With_the_window_at_zero_every_alert_is_emailed_at_once_as_before()
    {
        var store = await app.CreateStoreAsync();
        await app.SetPacingAsync(store.TenantId, digestWindowSeconds: 0);
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var (products, skus) = await ProductsAsync(store.TenantId, warehouse, "NOW", 3);

        foreach (var product in products)
        {
            await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 8, AdjustmentReason.Lost));
            await app.DeliverAsync(store.TenantId);
        }

        app.Mail.To(store.Email).Select(m => m.Subject).Should().Equal(skus.Select(sku => $"Low stock: Product {sku} ({sku}), 2 left"));
    }

    [Fact]
    public async Task Critical_alerts_beyond_the_hourly_cap_reach_a_member_as_one_summary_sms()
    {
        var store = await app.CreateStoreAsync("Cap Souk");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        const string phone = "+212665550101";
        await app.AddMemberAsync(store.TenantId, "Capped Member", phone: phone, smsAlerts: true);
        var (products, skus) = await ProductsAsync(store.TenantId, warehouse, "CAP", 15);
        await app.InDbAsync(store.TenantId, db => db.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.SmsAlerts, true)));

        foreach (var product in products.Take(14))
        {
            await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 8, AdjustmentReason.Lost));
            await app.DeliverAsync(store.TenantId);
        }
        app.Sms.To(phone).Select(m => m.Body).Should().HaveCount(10, "SMS stays immediate up to the cap")
            .And.Equal(skus.Take(10).Select(sku => $"Cap Souk: Low stock {sku} - 2 left (all warehouses, alert at 5)."));
        await app.TimePassesAsync(store.TenantId, Window);
        await app.DeliverAsync(store.TenantId);

        app.Sms.To(phone).Should().HaveCount(11).And.Subject.Last().Body
            .Should().Be("Cap Souk: 4 more critical alerts - see the dashboard. https://stock.test/inventory/alerts");

        // Within the same hour, a further alert waits for the next summary: one summary an hour.
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(products[14], warehouse, 8, AdjustmentReason.Lost));
        await app.DeliverAsync(store.TenantId);
        await app.TimePassesAsync(store.TenantId, Window);
        await app.DeliverAsync(store.TenantId);
        app.Sms.To(phone).Should().HaveCount(11);
        var rows = await app.InDbAsync(store.TenantId, db => db.Notifications.Where(n => n.Channel == NotificationChannel.Sms).ToListAsync());
        rows.Count(n => n.Status == NotificationStatus.Sent && !n.InSummary).Should().Be(10);
        rows.Count(n => n.Status == NotificationStatus.Sent && n.InSummary).Should().Be(4);
        rows.Should().ContainSingle(n => n.Status == NotificationStatus.Pending, "held, not lost");

        // An hour later it goes.
        await app.TimePassesAsync(store.TenantId, TimeSpan.FromHours(1));
        await app.DeliverAsync(store.TenantId);
        app.Sms.To(phone).Should().HaveCount(12).And.Subject.Last().Body.Should().Contain("CAP-14");
    }

    [Fact]
    public async Task Two_delivery_jobs_at_once_during_a_burst_send_each_alert_once()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var member = await app.AddMemberAsync(store.TenantId, "Race Reader", emailAlerts: true);
        var (products, skus) = await ProductsAsync(store.TenantId, warehouse, "RACE", 10);

        foreach (var product in products)
        {
            await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 8, AdjustmentReason.Lost));
            await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => app.DeliverAsync(store.TenantId))));
        }
        await app.TimePassesAsync(store.TenantId, Window);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => app.DeliverAsync(store.TenantId))));

        foreach (var recipient in new[] { store.Email, member.Email! })
        {
            var mails = app.Mail.To(recipient);
            mails.Should().HaveCount(2, recipient);
            skus.Should().OnlyContain(sku => mails.Count(m => m.TextBody!.Contains(sku, StringComparison.Ordinal)) == 1, "no alert is sent twice");
        }
        (await app.InDbAsync(store.TenantId, db => db.Notifications.AllAsync(n => n.Status == NotificationStatus.Sent && n.Attempts == 1))).Should().BeTrue();
    }

    [Fact]
    public async Task The_pacing_is_set_on_the_notifications_page_and_bad_values_change_nothing()
    {
        var store = await app.CreateStoreAsync();
        using var owner = await app.SignInAsync(store);

        var page = await owner.GetAsync("/settings/notifications");
        page.Document.QuerySelector("input[name='Pacing.DigestWindowSeconds']")!.GetAttribute("value").Should().Be("120");
        page.Document.QuerySelector("input[name='Pacing.CriticalAlertsPerHour']")!.GetAttribute("value").Should().Be("10");
        var saved = await owner.PostFormAsync("/settings/notifications",
            new() { ["Pacing.DigestWindowSeconds"] = "30", ["Pacing.CriticalAlertsPerHour"] = "5" }, handler: "Pacing");
        var refused = await owner.PostFormAsync("/settings/notifications",
            new() { ["Pacing.DigestWindowSeconds"] = "-1", ["Pacing.CriticalAlertsPerHour"] = "lots" }, handler: "Pacing");

        saved.Status.Should().Be(HttpStatusCode.Redirect);
        refused.Status.Should().Be(HttpStatusCode.OK);
        refused.ValidationMessages.Should().HaveCount(2);
        var tenant = await app.InDbAsync(store.TenantId, db => db.CurrentTenantAsync(TestContext.Current.CancellationToken));
        (tenant.DigestWindowSeconds, tenant.CriticalAlertsPerHour).Should().Be((30, 5));
    }

    private async Task<(List<Guid> Products, List<string> Skus)> ProductsAsync(Guid tenantId, Guid warehouse, string prefix, int count)
    {
        var skus = Enumerable.Range(0, count).Select(i => $"{prefix}-{i:D2}").ToList();
        var products = new List<Guid>();
        foreach (var sku in skus)
        {
            products.Add(await app.AddProductAsync(tenantId, sku, 5, (warehouse, 10)));
        }
        return (products, skus);
    }
}
