using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Notifications;

/// <summary>Permanent failures fail at once, failed notifications are retried from the log or the command line, and an expired claim is picked up again.</summary>
public class FailureAndRetryTests(StockApp app)
{
    [Fact]
    public async Task A_permanent_smtp_error_fails_at_once_and_the_log_says_why_in_french_with_what_was_sent()
    {
        var store = await app.CreateStoreAsync("Boutique Rejet", language: "fr");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var bouncing = await app.AddMemberAsync(store.TenantId, "Bouncing Box", emailAlerts: true);
        app.Mail.Refuse(bouncing.Email!);
        var product = await app.AddProductAsync(store.TenantId, "REJ-1", 5, (warehouse, 10));

        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 6, AdjustmentReason.Lost));
        await app.DeliverAsync(store.TenantId);

        app.Mail.To(store.Email).Should().ContainSingle("the other recipients are not held up");
        var failed = await app.InDbAsync(store.TenantId, db => db.Notifications.AsNoTracking().SingleAsync(n => n.Recipient == bouncing.Email));
        failed.Should().Match<Notification>(n => n.Status == NotificationStatus.Failed && n.Attempts == 1 && n.NextAttemptAt == null
            && n.Failure == FailureReason.MailboxUnavailable && n.LastError!.StartsWith("SMTP 550", StringComparison.Ordinal));

        using var client = await app.SignInAsync(store);
        var log = await client.GetAsync("/settings/notifications");
        log.Text.Should().Contain("Le serveur de messagerie du destinataire a refusé cette adresse").And.NotContain("SMTP 550");
        var details = await client.GetAsync($"/settings/notifications/{failed.Id}");
        details.Document.QuerySelector("[data-testid=failure]")!.TextContent.Should().Contain("a refusé cette adresse");
        details.Document.QuerySelector("[data-testid=subject]")!.TextContent.Should().StartWith("Stock bas").And.Contain("Product REJ-1 (REJ-1)");
        details.Document.QuerySelector("[data-testid=body]")!.TextContent.Should().Contain("REJ-1").And.Contain("https://stock.test/inventory/products/");
        details.Document.QuerySelector("[data-testid=products]")!.TextContent.Should().Contain("REJ-1");
        details.Document.QuerySelectorAll("[data-testid=attempts] tr").Should().ContainSingle().Which.TextContent.Should().Contain("non retenté");
    }

    [Fact]
    public async Task A_failed_notification_retried_from_the_log_is_delivered_exactly_once()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var member = await app.AddMemberAsync(store.TenantId, "Retry Box", emailAlerts: true);
        app.Mail.Refuse(member.Email!);
        var product = await app.AddProductAsync(store.TenantId, "RETRY-1", 5, (warehouse, 10));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 6, AdjustmentReason.Lost));
        await app.DeliverAsync(store.TenantId);
        var failed = await app.InDbAsync(store.TenantId, db => db.Notifications.AsNoTracking().SingleAsync(n => n.Recipient == member.Email));
        failed.Status.Should().Be(NotificationStatus.Failed);
        app.Mail.Accept(member.Email!);

        using var client = await app.SignInAsync(store);
        var retried = await client.PostFormAsync($"/settings/notifications?id={failed.Id}", [], handler: "Retry", formUrl: "/settings/notifications");
        retried.Location.Should().Be("/settings/notifications");
        // A second click (or a second tab) finds nothing left to retry.
        await client.PostFormAsync($"/settings/notifications?id={failed.Id}", [], handler: "Retry", formUrl: "/settings/notifications");
        await Task.WhenAll(app.DeliverAsync(store.TenantId), app.DeliverAsync(store.TenantId));
        await app.DeliverAsync(store.TenantId);

        app.Mail.To(member.Email!).Should().ContainSingle();
        var sent = await app.InDbAsync(store.TenantId, db => db.Notifications.AsNoTracking().SingleAsync(n => n.Id == failed.Id));
        sent.Status.Should().Be(NotificationStatus.Sent);
        (await app.InDbAsync(store.TenantId, db => db.NotificationAttempts.Where(a => a.NotificationId == failed.Id).Select(a => a.Outcome).ToListAsync()))
            .Should().Equal(AttemptOutcome.Failed, AttemptOutcome.Sent);
    }

    [Fact]
    public async Task Staff_cannot_retry_and_a_manager_can()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var staff = await app.AddMemberAsync(store.TenantId, "Staff Retry", StoreRole.Staff);
        var manager = await app.AddMemberAsync(store.TenantId, "Manager Retry", StoreRole.Manager);
        app.Mail.Refuse(store.Email);
        var product = await app.AddProductAsync(store.TenantId, "ROLE-1", 5, (warehouse, 10));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 6, AdjustmentReason.Lost));
        await app.DeliverAsync(store.TenantId);
        app.Mail.Accept(store.Email);

        // Staff cannot open the page; a form token from the dashboard does not get them past the role check either.
        using var staffClient = await app.SignInAsync(store with { Email = staff.Email! });
        (await staffClient.PostFormAsync("/settings/notifications", [], handler: "RetryAll", formUrl: "/")).Location.Should().Contain("/status/403");
        (await app.InDbAsync(store.TenantId, db => db.Notifications.AsNoTracking().SingleAsync())).Status.Should().Be(NotificationStatus.Failed);

        using var managerClient = await app.SignInAsync(store with { Email = manager.Email! });
        (await managerClient.PostFormAsync("/settings/notifications", [], handler: "RetryAll")).Location.Should().Be("/settings/notifications");
        await app.DeliverAsync(store.TenantId);
        app.Mail.To(store.Email).Should().ContainSingle();
    }

    [Fact]
    public async Task The_command_line_retries_a_stores_failed_notifications_since_a_date_once()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var member = await app.AddMemberAsync(store.TenantId, "Cli Box", emailAlerts: true);
        app.Mail.Refuse(member.Email!);
        var product = await app.AddProductAsync(store.TenantId, "CLI-1", 5, (warehouse, 10));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 6, AdjustmentReason.Lost));
        await app.DeliverAsync(store.TenantId);
        app.Mail.Accept(member.Email!);

        var (output, error) = (new StringWriter(), new StringWriter());
        var since = DateTimeOffset.UtcNow.AddHours(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        (await RetryNotificationsCommand.RunAsync(app.Services, ["retry-notifications", "--store", store.TenantId.ToString(), "--since", since], output, error, TestContext.Current.CancellationToken))
            .Should().Be(0, error.ToString());
        output.ToString().Trim().Should().Be("queued=1");
        output.GetStringBuilder().Clear();
        await RetryNotificationsCommand.RunAsync(app.Services, ["retry-notifications", "--store", store.TenantId.ToString()], output, error, TestContext.Current.CancellationToken);
        output.ToString().Trim().Should().Be("queued=0");
        (await RetryNotificationsCommand.RunAsync(app.Services, ["retry-notifications", "--store", "nope"], output, error, TestContext.Current.CancellationToken)).Should().Be(1);
        await app.DeliverAsync(store.TenantId);

        app.Mail.To(member.Email!).Should().ContainSingle();
    }

    [Fact]
    public async Task A_claim_left_by_a_killed_worker_is_queued_again_once_it_expires_and_delivered_once()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var product = await app.AddProductAsync(store.TenantId, "KILLED", 5, (warehouse, 10));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 6, AdjustmentReason.Lost));
        // A worker claims the row, then its process is killed before sending.
        var claimed = await app.InStoreAsync(store.TenantId, services => services.GetRequiredService<NotificationOutbox>().ClaimAsync(NotificationChannel.Email, 100, new DeliveryPacing(TimeSpan.Zero, 10), TestContext.Current.CancellationToken));
        claimed.Rows.Should().ContainSingle();
        var row = await app.InDbAsync(store.TenantId, db => db.Notifications.AsNoTracking().SingleAsync());
        row.ClaimExpiresAt.Should().BeCloseTo(row.ClaimedAt!.Value + Notification.ClaimTimeout, TimeSpan.FromSeconds(1));

        await Sweep();
        await app.DeliverAsync(store.TenantId);
        app.Mail.To(store.Email).Should().BeEmpty("the claim has not expired: its worker may still be sending");

        await app.InDbAsync(store.TenantId, db => db.Notifications.ExecuteUpdateAsync(s => s.SetProperty(n => n.ClaimExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1))));
        await Sweep();
        await Task.WhenAll(app.DeliverAsync(store.TenantId), app.DeliverAsync(store.TenantId));
        await Sweep();
        await app.DeliverAsync(store.TenantId);

        app.Mail.To(store.Email).Should().ContainSingle();
        (await app.InDbAsync(store.TenantId, db => db.Notifications.AsNoTracking().SingleAsync()))
            .Should().Match<Notification>(n => n.Status == NotificationStatus.Sent && n.Attempts == 2 && n.ClaimExpiresAt == null);
    }

    private Task Sweep() => app.InStoreAsync(Guid.Empty, services => services.GetRequiredService<SweepNotificationsJob>().RunAsync(CancellationToken.None));
}
