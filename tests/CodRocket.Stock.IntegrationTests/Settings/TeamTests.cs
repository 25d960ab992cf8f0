using System.Net;
using System.Text.RegularExpressions;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Settings;

public partial class TeamTests(StockApp app)
{
    [GeneratedRegex("https://stock.test(/account/accept-invitation[^\\s\"<]+)")]
    private static partial Regex InvitationLink();

    [Fact]
    public async Task An_invited_member_receives_an_email_chooses_a_password_and_is_signed_in()
    {
        var store = await app.CreateStoreAsync("Team Store");
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        using var owner = await app.SignInAsync(store);
        var email = $"new-member-{Guid.NewGuid():N}@example.test";

        var invite = await owner.PostFormAsync("/settings/team/invite", new()
        {
            ["Input.FullName"] = "Nadia Newcomer",
            ["Input.Email"] = email,
            ["Input.Phone"] = "+212 612-345 678",
            ["Input.Role"] = "Staff",
            ["Input.EmailAlerts"] = "true",
            ["Input.SmsAlerts"] = "true",
            ["Input.Warehouses"] = cas.ToString(),
        });
        invite.Status.Should().Be(HttpStatusCode.Redirect);
        var member = await app.InDbAsync(store.TenantId, db => db.Users.SingleAsync(u => u.Email == email));
        member.Should().Match<StoreUser>(m => m.PhoneNumber == "+212612345678" && m.SmsStockAlerts && m.EmailStockAlerts
            && m.Role == StoreRole.Staff && m.JoinedAt == null && m.PasswordHash == null);
        (await app.InDbAsync(store.TenantId, db => db.UserWarehouses.Where(x => x.UserId == member.Id).Select(x => x.WarehouseId).ToListAsync()))
            .Should().Equal(cas);
        (await owner.GetAsync("/settings/team")).Text.Should().Contain("Nadia Newcomer").And.Contain("Invited");

        await app.DeliverAsync(store.TenantId);
        var mail = app.Mail.To(email).Should().ContainSingle().Subject;
        mail.Subject.Should().Be("You are invited to Team Store on CodRocket Stock");
        var link = WebUtility.HtmlDecode(InvitationLink().Match(mail.HtmlBody!).Groups[1].Value);

        using var invitee = new StoreClient(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        (await invitee.GetAsync(link)).Text.Should().Contain("Join Team Store");
        var accepted = await invitee.PostFormAsync(link, new() { ["Input.Password"] = "my own password", ["Input.ConfirmPassword"] = "my own password" });
        accepted.Status.Should().Be(HttpStatusCode.Redirect);
        (await invitee.GetAsync("/")).Text.Should().Contain("Nadia Newcomer").And.Contain("Team Store");
        (await app.InDbAsync(store.TenantId, db => db.Users.SingleAsync(u => u.Id == member.Id))).JoinedAt.Should().NotBeNull();

        // The link works once.
        using var again = new StoreClient(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        (await again.GetAsync(link)).Text.Should().Contain("This invitation is not valid");
    }

    [Theory]
    [InlineData("Input.Phone", "0612345678", "international format")]
    [InlineData("Input.Phone", "+212 12", "international format")]
    [InlineData("Input.Email", "not-an-email", "Enter a valid email address.")]
    [InlineData("Input.FullName", "", "Enter the member's name.")]
    [InlineData("Input.SmsAlerts", "true", "SMS alerts need a mobile phone number.")]
    [InlineData("Input.Role", "Owner", "A store has one owner.")]
    public async Task A_bad_member_form_shows_a_message_and_invites_nobody(string field, string value, string message)
    {
        var store = await app.CreateStoreAsync();
        using var owner = await app.SignInAsync(store);
        var fields = new Dictionary<string, string> { ["Input.FullName"] = "X", ["Input.Email"] = $"x-{Guid.NewGuid():N}@example.test", ["Input.Role"] = "Staff" };
        fields[field] = value;

        var page = await owner.PostFormAsync("/settings/team/invite", fields);

        page.Status.Should().Be(HttpStatusCode.OK);
        page.ValidationMessages.Should().Contain(m => m.Contains(message, StringComparison.Ordinal));
        (await app.InDbAsync(store.TenantId, db => db.Users.CountAsync())).Should().Be(1);
        (await app.InDbAsync(store.TenantId, db => db.Notifications.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Inviting_an_email_that_already_has_an_account_is_refused()
    {
        var other = await app.CreateStoreAsync();
        var store = await app.CreateStoreAsync();
        using var owner = await app.SignInAsync(store);

        var page = await owner.PostFormAsync("/settings/team/invite", new() { ["Input.FullName"] = "Dup", ["Input.Email"] = other.Email, ["Input.Role"] = "Staff" });

        page.ValidationMessages.Should().Contain("This email already has an account on CodRocket Stock.");
    }

    [Fact]
    public async Task Staff_cannot_open_the_settings_or_the_team()
    {
        var store = await app.CreateStoreAsync();
        var staff = await app.AddMemberAsync(store.TenantId, "Simple Staff");
        using var client = await app.SignInAsync(store with { Email = staff.Email! });

        foreach (var url in new[] { "/settings", "/settings/team", "/settings/team/invite", "/settings/notifications" })
        {
            var page = await client.GetAsync(url);
            page.Location.Should().Contain("/status/403", url);
        }
        (await client.GetAsync("/inventory/products")).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_removed_member_cannot_sign_in_gets_no_alerts_and_stays_in_the_history()
    {
        var store = await app.CreateStoreAsync();
        var member = await app.AddMemberAsync(store.TenantId, "Leaving Soon", emailAlerts: true);
        using var owner = await app.SignInAsync(store);

        var removed = await owner.PostFormAsync($"/settings/team/{member.Id}/edit", new() { ["confirmed"] = "true" }, handler: "Remove");

        removed.Status.Should().Be(HttpStatusCode.Redirect);
        var team = await owner.GetAsync("/settings/team");
        team.Text.Should().Contain("Leaving Soon was removed from the team");
        team.Document.QuerySelector("table")!.TextContent.Should().NotContain("Leaving Soon");
        var signIn = await new StoreClient(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }))
            .PostFormAsync("/account/sign-in", new() { ["Input.Email"] = member.Email!, ["Input.Password"] = StockApp.Password });
        signIn.Status.Should().Be(HttpStatusCode.OK, "the sign-in is refused");
        var row = await app.InDbAsync(store.TenantId, db => db.Users.SingleAsync(u => u.Id == member.Id));
        row.RemovedAt.Should().NotBeNull();
        row.FullName.Should().Be("Leaving Soon");
        (await owner.PostFormAsync($"/settings/team/{store.OwnerId}/edit", new() { ["confirmed"] = "true" }, handler: "Remove")).Location.Should().Contain("/edit");
    }

    [Fact]
    public async Task Another_stores_member_cannot_be_edited_removed_or_re_invited()
    {
        var other = await app.CreateStoreAsync();
        var theirs = await app.AddMemberAsync(other.TenantId, "Not Yours", emailAlerts: true);
        var store = await app.CreateStoreAsync();
        using var owner = await app.SignInAsync(store);

        (await owner.GetAsync($"/settings/team/{theirs.Id}/edit")).Status.Should().Be(HttpStatusCode.NotFound);
        (await owner.PostFormAsync($"/settings/team/{theirs.Id}/edit", new() { ["Input.FullName"] = "Hacked", ["Input.Role"] = "Staff" }, formUrl: "/settings/team/invite"))
            .Status.Should().Be(HttpStatusCode.NotFound);
        (await owner.PostFormAsync($"/settings/team/{theirs.Id}/edit", new() { ["confirmed"] = "true" }, handler: "Remove", formUrl: "/settings/team/invite")).Status.Should().Be(HttpStatusCode.NotFound);
        (await app.InDbAsync(other.TenantId, db => db.Users.SingleAsync(u => u.Id == theirs.Id))).Should()
            .Match<StoreUser>(u => u.FullName == "Not Yours" && u.RemovedAt == null);
    }

    [Fact]
    public async Task The_test_buttons_send_to_yourself_and_record_the_result()
    {
        var store = await app.CreateStoreAsync();
        using var owner = await app.SignInAsync(store);

        var email = await owner.PostFormAsync("/settings/notifications", new(), handler: "TestEmail");
        var sms = await owner.PostFormAsync("/settings/notifications", new(), handler: "TestSms");
        var page = await owner.GetAsync("/settings/notifications");

        email.Status.Should().Be(HttpStatusCode.Redirect);
        app.Mail.To(store.Email).Should().ContainSingle().Which.Subject.Should().Be("Test email from CodRocket Stock");
        sms.Status.Should().Be(HttpStatusCode.Redirect);
        page.Text.Should().Contain("Add your mobile phone number", "the owner has no phone yet");
        var rows = await app.InDbAsync(store.TenantId, db => db.Notifications.AsNoTracking().ToListAsync());
        rows.Should().ContainSingle(n => n.Kind == NotificationKind.Test && n.Status == NotificationStatus.Sent && n.Recipient == store.Email);
    }
}
