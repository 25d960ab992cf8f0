using System.Collections.Concurrent;
using System.Net;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Testing;
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
        // The same app with no SMTP server (log-only delivery) and information-level logging, as in Development.
        await using var logOnly = app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Smtp:Host", "");
            builder.UseSetting("Notifications:Mode", "LogOnly");
            builder.UseSetting("Serilog:MinimumLevel:Default", "Information");
            builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(log));
        });
        StoreClient Browser() => new(logOnly.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        async Task DeliverAsync(Guid storeId)
        {
            await using var scope = logOnly.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DeliverNotificationsJob>().RunAsync(storeId, CancellationToken.None);
        }

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
}
