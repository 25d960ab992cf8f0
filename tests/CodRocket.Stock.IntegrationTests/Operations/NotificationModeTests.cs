using System.Net;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.IntegrationTests.Operations;

/// <summary>Issue 18, item 1: a node without a sender never swallows the cluster's alerts.</summary>
public class NotificationModeTests(StockApp app)
{
    [Fact]
    public async Task A_node_without_senders_leaves_alerts_pending_and_a_node_with_them_delivers_them()
    {
        // Node B shares node A's database but has no SMTP server and no Twilio account (and no explicit log-only mode).
        await using var nodeB = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Smtp:Host", "");
            b.UseSetting("Twilio:AccountSid", "");
        });
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        await app.AddMemberAsync(store.TenantId, "Sms Person", phone: "+212612348888", smsAlerts: true);
        var product = await app.AddProductAsync(store.TenantId, "MODE-1", 5, (warehouse, 10));
        await app.InDbAsync(store.TenantId, db => db.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.SmsAlerts, true)));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 6, AdjustmentReason.Lost));

        await using (var scope = nodeB.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DeliverNotificationsJob>().RunAsync(store.TenantId, CancellationToken.None);
        }

        var rows = await app.InDbAsync(store.TenantId, db => db.Notifications.AsNoTracking().ToListAsync());
        rows.Should().HaveCount(2).And.OnlyContain(n => n.Status == NotificationStatus.Pending && n.Attempts == 0);

        await app.DeliverAsync(store.TenantId);

        rows = await app.InDbAsync(store.TenantId, db => db.Notifications.AsNoTracking().ToListAsync());
        rows.Should().OnlyContain(n => n.Status == NotificationStatus.Sent);
        app.Mail.To(store.Email).Should().ContainSingle();
    }

    [Fact]
    public void In_Production_a_node_without_an_email_sender_refuses_to_start()
    {
        using var production = app.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Smtp:Host", "");
        });

        var start = () => production.Services;

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(NotificationModeSetup.MissingSender);
    }

    [Fact]
    public async Task In_Production_log_only_mode_set_explicitly_starts_without_a_sender()
    {
        await using var production = app.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Smtp:Host", "");
            b.UseSetting("Notifications:Mode", "LogOnly");
        });
        using var client = production.CreateClient();

        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        production.Services.GetRequiredService<IOptions<NotificationModeOptions>>().Value.LogsUnsent.Should().BeTrue();
    }

    [Fact]
    public void Outside_Development_the_default_mode_leaves_unsent_rows_pending()
    {
        app.Services.GetRequiredService<IOptions<NotificationModeOptions>>().Value.Mode.Should().Be(NotificationMode.Send);
    }
}
