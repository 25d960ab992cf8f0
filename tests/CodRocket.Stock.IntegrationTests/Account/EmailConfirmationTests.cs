using System.Net;
using System.Text.RegularExpressions;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Account;

/// <summary>I8: alert e-mail goes only to addresses their owners proved (a link for a new owner, the invitation for a member).</summary>
public partial class EmailConfirmationTests(StockApp app)
{
    [GeneratedRegex("https://stock.test(/account/confirm-email[^\\s\"<]+)")]
    private static partial Regex ConfirmationLink();

    [GeneratedRegex("https://stock.test(/account/accept-invitation[^\\s\"<]+)")]
    private static partial Regex InvitationLink();

    private StoreClient Anonymous() =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    private async Task<(StoreClient Client, Guid StoreId)> SignUpAsync(string email, string storeName)
    {
        var client = Anonymous();
        var signUp = await client.PostFormAsync("/account/sign-up", new()
        {
            ["Input.StoreName"] = storeName,
            ["Input.FullName"] = "Nouveau Propriétaire",
            ["Input.Email"] = email,
            ["Input.Password"] = "a long enough phrase",
        });
        signUp.Status.Should().Be(HttpStatusCode.Redirect);
        var storeId = await app.AcrossStoresAsync(db => db.Users.IgnoreQueryFilters().Where(u => u.Email == email).Select(u => u.TenantId).SingleAsync());
        return (client, storeId);
    }

    /// <summary>A product that crosses its Low Stock Alert (3 on hand, alert at 5): one alert opens.</summary>
    private async Task CrossAsync(Guid storeId, string sku)
    {
        var warehouse = await app.AddWarehouseAsync(storeId, "W" + sku);
        await app.AddProductAsync(storeId, sku, threshold: 5, (warehouse, 3));
    }

    [Fact]
    public async Task A_new_owner_gets_no_alert_email_until_they_follow_the_link_and_the_dashboard_says_why()
    {
        var email = $"owner-{Guid.NewGuid():N}@example.test";
        var (owner, storeId) = await SignUpAsync(email, "Souk Confirmé");
        using var _ = owner;

        var dashboard = await owner.GetAsync("/");
        await CrossAsync(storeId, "LOW-1");
        await app.DeliverAsync(storeId);

        dashboard.Document.QuerySelector("[data-testid=confirm-email]")!.TextContent
            .Should().Contain(email).And.Contain("no alert e-mail is sent to that address").And.Contain("Resend the link");
        var confirmation = app.Mail.To(email).Should().ContainSingle().Subject;
        confirmation.Subject.Should().Be("Confirm your e-mail address for Souk Confirmé");
        (await app.InDbAsync(storeId, db => db.StockAlerts.CountAsync())).Should().Be(1, "the store works: the alert is open");
        (await app.InDbAsync(storeId, db => db.Notifications.CountAsync(n => n.Kind == NotificationKind.Alert && n.Channel == NotificationChannel.Email)))
            .Should().Be(0);

        // Opening the link alone confirms nothing (mail scanners open links); the button does.
        var link = WebUtility.HtmlDecode(ConfirmationLink().Match(confirmation.HtmlBody!).Groups[1].Value);
        using var elsewhere = Anonymous();
        (await elsewhere.GetAsync(link)).Text.Should().Contain("Confirm my e-mail address");
        (await app.InDbAsync(storeId, db => db.Users.AnyAsync(u => u.EmailConfirmed))).Should().BeFalse();
        var confirmed = await elsewhere.PostFormAsync(link, new());

        confirmed.Text.Should().Contain("Your e-mail address is confirmed");
        (await owner.GetAsync("/")).Document.QuerySelector("[data-testid=confirm-email]").Should().BeNull();
        await CrossAsync(storeId, "LOW-2");
        await app.DeliverAsync(storeId);
        app.Mail.To(email).Select(m => m.Subject).Should().Contain(s => s.StartsWith("Low stock: Product LOW-2", StringComparison.Ordinal));
        app.Mail.To(email).Should().HaveCount(2, "the earlier alert was never queued for an unconfirmed address");
    }

    [Fact]
    public async Task The_dashboard_resends_the_link_and_a_forged_link_confirms_nothing()
    {
        var email = $"owner-{Guid.NewGuid():N}@example.test";
        var (owner, storeId) = await SignUpAsync(email, "Souk Relance");
        using var _ = owner;
        var ownerId = await app.InDbAsync(storeId, db => db.Users.Select(u => u.Id).SingleAsync());

        var tooSoon = await owner.PostFormAsync("/account/confirm-email", new(), handler: "Resend", formUrl: "/");
        var tooSoonMessage = (await owner.GetAsync("/")).Text;
        // A minute later.
        await app.InDbAsync(storeId, db => db.Notifications.ExecuteUpdateAsync(s => s.SetProperty(n => n.CreatedAt, n => n.CreatedAt.AddMinutes(-2))));
        var resent = await owner.PostFormAsync("/account/confirm-email", new(), handler: "Resend", formUrl: "/");
        await app.DeliverAsync(storeId);
        using var stranger = Anonymous();
        var forged = await stranger.PostFormAsync($"/account/confirm-email?user={ownerId}&token=forged", new());

        tooSoon.Status.Should().Be(HttpStatusCode.Redirect);
        tooSoonMessage.Should().Contain("less than a minute ago");
        resent.Status.Should().Be(HttpStatusCode.Redirect);
        (await owner.GetAsync("/")).Text.Should().Contain($"We sent a new confirmation link to {email}.");
        app.Mail.To(email).Should().HaveCount(2).And.OnlyContain(m => m.Subject == "Confirm your e-mail address for Souk Relance");
        forged.Text.Should().Contain("This link is not valid");
        (await app.InDbAsync(storeId, db => db.Users.AnyAsync(u => u.EmailConfirmed))).Should().BeFalse();
    }

    [Fact]
    public async Task A_team_member_gets_alert_email_only_once_they_accepted_the_invitation_sent_to_that_address()
    {
        var store = await app.CreateStoreAsync("Équipe Confirmée");
        using var owner = await app.SignInAsync(store);
        var email = $"member-{Guid.NewGuid():N}@example.test";
        (await owner.PostFormAsync("/settings/team/invite", new()
        {
            ["Input.FullName"] = "Nadia Invitée",
            ["Input.Email"] = email,
            ["Input.Role"] = "Manager",
            ["Input.EmailAlerts"] = "true",
        })).Status.Should().Be(HttpStatusCode.Redirect);

        await CrossAsync(store.TenantId, "TEAM-1");
        await app.DeliverAsync(store.TenantId);
        var invitation = app.Mail.To(email).Should().ContainSingle().Subject;
        invitation.Subject.Should().StartWith("You are invited");

        var link = WebUtility.HtmlDecode(InvitationLink().Match(invitation.HtmlBody!).Groups[1].Value);
        using var member = Anonymous();
        (await member.PostFormAsync(link, new() { ["Input.Password"] = "my own password", ["Input.ConfirmPassword"] = "my own password" }))
            .Status.Should().Be(HttpStatusCode.Redirect);
        await CrossAsync(store.TenantId, "TEAM-2");
        await app.DeliverAsync(store.TenantId);

        (await app.InDbAsync(store.TenantId, db => db.Users.SingleAsync(u => u.Email == email))).EmailConfirmed.Should().BeTrue();
        app.Mail.To(email).Select(m => m.Subject).Should().HaveCount(2)
            .And.Contain(s => s.StartsWith("Low stock: Product TEAM-2", StringComparison.Ordinal));
    }
}
