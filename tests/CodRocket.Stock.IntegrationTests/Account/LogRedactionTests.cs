using System.Collections.Concurrent;
using System.Net;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace CodRocket.Stock.IntegrationTests.Account;

/// <summary>With no SMTP server the app logs what it would have sent: never a token, a link carrying one, or a whole address.</summary>
public class LogRedactionTests(StockApp app)
{
    private sealed class CapturedLog : ILogEventSink
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public void Emit(LogEvent logEvent) =>
            Lines.Enqueue($"{logEvent.RenderMessage()} | {string.Join(" | ", logEvent.Properties.Select(p => p.Value.ToString()))} | {logEvent.Exception}");
    }

    [Fact]
    public async Task A_log_captured_during_an_invitation_and_a_sign_up_confirmation_holds_no_token_and_no_whole_address()
    {
        var log = new CapturedLog();
        await using var logOnly = LogOnly(log);
        StoreClient Browser() => BrowserOf(logOnly);
        Task DeliverAsync(Guid storeId) => DeliverThroughAsync(logOnly, storeId);

        var store = await app.CreateStoreAsync();
        using var owner = Browser();
        (await owner.PostFormAsync("/account/sign-in", new() { ["Input.Email"] = store.Email, ["Input.Password"] = StockApp.Password })).Status.Should().Be(HttpStatusCode.Redirect);
        var invitee = $"invitee-{Guid.NewGuid():N}@example.test";
        (await owner.PostFormAsync("/settings/team/invite", new() { ["Input.FullName"] = "Logged Invitee", ["Input.Email"] = invitee, ["Input.Role"] = "Staff" }))
            .Status.Should().Be(HttpStatusCode.Redirect);
        await DeliverAsync(store.TenantId);

        var newOwner = $"signup-{Guid.NewGuid():N}@example.test";
        using var signUp = Browser();
        (await signUp.PostFormAsync("/account/sign-up", new()
        {
            ["Input.StoreName"] = "Logged Store",
            ["Input.FullName"] = "Logged Owner",
            ["Input.Email"] = newOwner,
            ["Input.Password"] = "a long enough phrase",
        })).Status.Should().Be(HttpStatusCode.Redirect);
        var newStore = await app.AcrossStoresAsync(db => db.Users.IgnoreQueryFilters().Where(u => u.Email == newOwner).Select(u => u.TenantId).SingleAsync());
        await DeliverAsync(newStore);

        var lines = log.Lines.ToList();
        (await app.InDbAsync(store.TenantId, db => db.Notifications.CountAsync(n => n.Recipient == invitee && n.Status == NotificationStatus.Logged))).Should().Be(1);
        lines.Should().Contain(l => l.Contains("You are invited", StringComparison.Ordinal) && l.Contains("logged, not sent", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("Confirm your e-mail address for Logged Store", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("i***@example.test", StringComparison.Ordinal), "the recipient is masked, not left out");
        foreach (var forbidden in new[] { "token=", "accept-invitation", "confirm-email", invitee, newOwner, store.Email })
        {
            lines.Should().NotContain(l => l.Contains(forbidden, StringComparison.OrdinalIgnoreCase), forbidden);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_SMS_alert_logs_the_phone_number_masked_whether_sent_or_only_logged(bool twilioConfigured)
    {
        const string phone = "+212612348765";
        var log = new CapturedLog();
        await using var logOnly = LogOnly(log, twilioConfigured);
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddMemberAsync(store.TenantId, "Sms Reader", StoreRole.Staff, phone, smsAlerts: true);
        var product = await app.AddProductAsync(store.TenantId, "CRIT-1", threshold: 10, (cas, 30));
        await app.InDbAsync(store.TenantId, async db =>
        {
            var p = await db.Products.SingleAsync(x => x.Id == product);
            p.UpdateStockSettings(new(10, true, null, null, null, 1m), DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });

        // The crossing and its delivery both run in the app whose log is captured.
        await using (var scope = logOnly.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(store.TenantId, null);
            await scope.ServiceProvider.GetRequiredService<StockWorkFactory>()
                .ApplyAsync([StockChange.WriteOff(product, cas, 24, AdjustmentReason.Damaged)], CancellationToken.None);
        }
        await DeliverThroughAsync(logOnly, store.TenantId);

        var sms = await app.InDbAsync(store.TenantId, db => db.Notifications.Where(n => n.Channel == NotificationChannel.Sms).Select(n => n.Status).ToListAsync());
        sms.Should().Equal(twilioConfigured ? NotificationStatus.Sent : NotificationStatus.Logged);
        var lines = log.Lines.ToList();
        lines.Should().Contain(l => l.Contains("SMS", StringComparison.Ordinal) && l.Contains(Redact.Phone(phone), StringComparison.Ordinal),
            "the delivery is logged with the number masked");
        foreach (var forbidden in new[] { phone, phone[1..], phone[4..] })
        {
            lines.Should().NotContain(l => l.Contains(forbidden, StringComparison.Ordinal), forbidden);
        }
    }

    [Fact]
    public async Task Opening_and_accepting_the_invitation_link_logs_no_token()
    {
        var log = new CapturedLog();
        await using var logOnly = LogOnly(log);
        var store = await app.CreateStoreAsync();
        using var owner = BrowserOf(logOnly);
        (await owner.PostFormAsync("/account/sign-in", new() { ["Input.Email"] = store.Email, ["Input.Password"] = StockApp.Password })).Status.Should().Be(HttpStatusCode.Redirect);
        var invitee = $"joiner-{Guid.NewGuid():N}@example.test";
        (await owner.PostFormAsync("/settings/team/invite", new() { ["Input.FullName"] = "Logged Joiner", ["Input.Email"] = invitee, ["Input.Role"] = "Staff" }))
            .Status.Should().Be(HttpStatusCode.Redirect);
        await DeliverThroughAsync(logOnly, store.TenantId);
        // The link the e-mail carries (the log-only sender kept it out of the log): a password-set token for the invitee.
        Guid userId;
        string token;
        await using (var scope = logOnly.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(store.TenantId, null);
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
            var member = await users.Users.SingleAsync(u => u.Email == invitee, TestContext.Current.CancellationToken);
            (userId, token) = (member.Id, await users.GeneratePasswordResetTokenAsync(member));
        }
        var link = $"/account/accept-invitation?user={userId}&token={Uri.EscapeDataString(token)}";

        using var joiner = BrowserOf(logOnly);
        var opened = await joiner.GetAsync(link);
        var accepted = await joiner.PostFormAsync(link, new() { ["Input.Password"] = "a long enough phrase", ["Input.ConfirmPassword"] = "a long enough phrase" });

        opened.Status.Should().Be(HttpStatusCode.OK);
        opened.Document.QuerySelector("input[name='Input.Password']").Should().NotBeNull("a valid link shows the password form");
        accepted.Status.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", accepted.ValidationMessages));
        (await app.InDbAsync(store.TenantId, db => db.Users.Where(u => u.Id == userId).Select(u => u.JoinedAt).SingleAsync())).Should().NotBeNull();
        var lines = log.Lines.ToList();
        lines.Should().Contain(l => l.Contains("/account/accept-invitation", StringComparison.Ordinal), "the requests were logged");
        foreach (var forbidden in new[] { token, Uri.EscapeDataString(token), token[..Math.Min(16, token.Length)], "token=", invitee })
        {
            lines.Should().NotContain(l => l.Contains(forbidden, StringComparison.Ordinal), forbidden);
        }
    }

    /// <summary>
    /// The same app with no SMTP server (log-only delivery) and information-level logging, as in Development; with
    /// Twilio (the fake) or without (SMS logged, not sent).
    /// </summary>
    private WebApplicationFactory<Program> LogOnly(CapturedLog log, bool twilio = true) => app.WithWebHostBuilder(builder =>
    {
        builder.UseSetting("Smtp:Host", "");
        builder.UseSetting("Notifications:Mode", "LogOnly");
        if (!twilio)
        {
            builder.UseSetting("Twilio:AccountSid", "");
        }
        builder.UseSetting("Serilog:MinimumLevel:Default", "Information");
        builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(log));
    });

    private static StoreClient BrowserOf(WebApplicationFactory<Program> logOnly) =>
        new(logOnly.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>Runs the store's delivery job in <paramref name="logOnly"/>, whose log is captured.</summary>
    private static async Task DeliverThroughAsync(WebApplicationFactory<Program> logOnly, Guid storeId)
    {
        await using var scope = logOnly.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeliverNotificationsJob>().RunAsync(storeId, CancellationToken.None);
    }
}
