using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Notifications;

/// <summary>An app of its own, whose SMTP server these tests stop and start.</summary>
public sealed class OutageApp : StockApp;

public class DeliveryResilienceTests(OutageApp app) : IClassFixture<OutageApp>
{
    [Fact]
    public async Task An_smtp_outage_delays_notifications_but_loses_and_duplicates_none()
    {
        var store = await app.CreateStoreAsync("Outage Store");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var products = new List<Guid>();
        foreach (var chunk in Enumerable.Range(0, 50).Chunk(25))
        {
            products.AddRange(await Task.WhenAll(chunk.Select(i => app.AddProductAsync(store.TenantId, $"OUT-{i:D2}", 5, (warehouse, 10)))));
        }
        await app.Mail.StopAsync();

        // 50 alerts open one by one (50 transactions) while the mail server is down.
        foreach (var product in products)
        {
            await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 7, AdjustmentReason.Damaged));
        }
        await app.DeliverAsync(store.TenantId);

        var afterFailure = await app.InDbAsync(store.TenantId, db => db.Notifications.AsNoTracking().ToListAsync());
        afterFailure.Should().HaveCount(50).And.OnlyContain(n => n.Status == NotificationStatus.Pending && n.Attempts == 1
            && n.NextAttemptAt > DateTimeOffset.UtcNow && n.LastError != null);

        // The server comes back; the backoff elapses (moved forward here rather than waited for).
        app.Mail.Start();
        await app.InDbAsync(store.TenantId, db => db.Notifications.ExecuteUpdateAsync(s => s.SetProperty(n => n.NextAttemptAt, DateTimeOffset.UtcNow.AddSeconds(-1))));
        await app.InStoreAsync(Guid.Empty, services => services.GetRequiredService<SweepNotificationsJob>().RunAsync(CancellationToken.None));
        await app.DeliverAsync(store.TenantId);
        await app.DeliverAsync(store.TenantId);

        var digest = app.Mail.To(store.Email).Should().ContainSingle("one digest for the owner, sent once").Subject;
        digest.Subject.Should().StartWith("Stock alerts: 50 need attention");
        var delivered = await app.InDbAsync(store.TenantId, db => db.Notifications.AsNoTracking().ToListAsync());
        delivered.Should().OnlyContain(n => n.Status == NotificationStatus.Sent && n.Attempts == 2 && n.LastError != null,
            "the log keeps the failed attempt");
    }

    [Fact]
    public async Task A_delivery_that_died_mid_way_is_picked_up_again_by_the_sweep()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var product = await app.AddProductAsync(store.TenantId, "CRASH", 5, (warehouse, 10));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 6, AdjustmentReason.Lost));
        // A job claimed the row and the process died before sending.
        await app.InDbAsync(store.TenantId, db => db.Notifications.ExecuteUpdateAsync(s => s
            .SetProperty(n => n.Status, NotificationStatus.Sending)
            .SetProperty(n => n.Attempts, 1)
            .SetProperty(n => n.ClaimedAt, DateTimeOffset.UtcNow - Notification.ClaimTimeout - TimeSpan.FromMinutes(1))));

        await app.DeliverAsync(store.TenantId);
        app.Mail.To(store.Email).Should().BeEmpty("the row is still claimed");
        await app.InStoreAsync(Guid.Empty, services => services.GetRequiredService<SweepNotificationsJob>().RunAsync(CancellationToken.None));
        await app.DeliverAsync(store.TenantId);

        app.Mail.To(store.Email).Should().ContainSingle();
    }
}

/// <summary>An app with no SMTP server and no Twilio account configured, in log-only mode.</summary>
public sealed class UnconfiguredApp : StockApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Smtp:Host", "");
        builder.UseSetting("Twilio:AccountSid", "");
        builder.UseSetting("Notifications:Mode", "LogOnly");
    }
}

public class LogOnlyDeliveryTests(UnconfiguredApp app) : IClassFixture<UnconfiguredApp>
{
    [Fact]
    public async Task Without_credentials_notifications_are_logged_and_the_rows_say_so()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        await app.AddMemberAsync(store.TenantId, "Sms Person", phone: "+212612349999", smsAlerts: true);
        var product = await app.AddProductAsync(store.TenantId, "LOG-1", 5, (warehouse, 10));
        await app.InDbAsync(store.TenantId, db => db.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.SmsAlerts, true)));

        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 6, AdjustmentReason.Lost));
        await app.DeliverAsync(store.TenantId);

        var rows = await app.InDbAsync(store.TenantId, db => db.Notifications.AsNoTracking().ToListAsync());
        rows.Should().HaveCount(2).And.OnlyContain(n => n.Status == NotificationStatus.Logged && n.LastError!.Contains("not configured"));
        app.Mail.Messages.Should().BeEmpty();
        app.Sms.Messages.Should().BeEmpty();
    }
}
