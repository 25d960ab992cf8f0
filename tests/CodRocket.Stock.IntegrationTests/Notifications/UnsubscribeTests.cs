using System.Net;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Notifications;

/// <summary>The one-click unsubscribe of alert e-mails (RFC 8058): that member's stock-alert e-mail, nothing else.</summary>
public class UnsubscribeTests(StockApp app)
{
    [Fact]
    public async Task The_unsubscribe_link_turns_off_that_members_alert_email_and_nothing_else()
    {
        var store = await app.CreateStoreAsync("Unsub Store");
        await app.SetPacingAsync(store.TenantId, digestWindowSeconds: 0); // each alert its own e-mail, before and after the click
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var leaving = await app.AddMemberAsync(store.TenantId, "Leaving Mail", phone: "+212612300001", emailAlerts: true, smsAlerts: true);
        var staying = await app.AddMemberAsync(store.TenantId, "Staying Mail", emailAlerts: true);
        var first = await app.AddProductAsync(store.TenantId, "UNS-1", 5, (warehouse, 10));
        var second = await app.AddProductAsync(store.TenantId, "UNS-2", 5, (warehouse, 10));
        await app.InDbAsync(store.TenantId, db => db.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.SmsAlerts, true)));
        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(first, warehouse, 6, AdjustmentReason.Lost));
        await app.DeliverAsync(store.TenantId);

        var mail = app.Mail.To(leaving.Email!).Should().ContainSingle().Subject;
        var header = mail.Headers["List-Unsubscribe"];
        header.Should().StartWith("<https://stock.test/account/unsubscribe?token=").And.EndWith(">");
        mail.Headers["List-Unsubscribe-Post"].Should().Be("List-Unsubscribe=One-Click");
        var link = header.Trim('<', '>');
        mail.HtmlBody.Should().Contain(link.Replace("&", "&amp;", StringComparison.Ordinal));
        mail.TextBody.Should().Contain(link);
        app.Mail.To(staying.Email!).Single().Headers["List-Unsubscribe"].Should().NotBe(header, "each member's link is their own");
        var path = new Uri(link).PathAndQuery;

        // Opening the link (a person, or a mail scanner) changes nothing: it shows a button.
        using var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await anonymous.GetAsync(path, TestContext.Current.CancellationToken);
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("Turn off my stock-alert e-mails").And.Contain(leaving.Email!);
        (await MemberAsync(store, leaving.Id)).EmailStockAlerts.Should().BeTrue();

        // A forged or damaged token does nothing.
        using (var forged = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))
        {
            var refused = await anonymous.PostAsync(path[..^4] + "AAAA", forged, TestContext.Current.CancellationToken);
            (await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("This link is not valid");
        }

        // The mail app's one-click POST: no cookie, no form token, just the link and List-Unsubscribe=One-Click.
        using (var oneClick = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))
        {
            var done = await anonymous.PostAsync(path, oneClick, TestContext.Current.CancellationToken);
            done.StatusCode.Should().Be(HttpStatusCode.OK);
            (await done.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("Stock-alert e-mails are off");
        }

        var after = await MemberAsync(store, leaving.Id);
        after.EmailStockAlerts.Should().BeFalse();
        after.SmsStockAlerts.Should().BeTrue("SMS is another channel, not what the link turns off");
        (await MemberAsync(store, staying.Id)).EmailStockAlerts.Should().BeTrue();
        (await MemberAsync(store, store.OwnerId)).EmailStockAlerts.Should().BeTrue();

        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(second, warehouse, 6, AdjustmentReason.Lost));
        await app.DeliverAsync(store.TenantId);
        app.Mail.To(leaving.Email!).Should().HaveCount(1, "no alert e-mail after unsubscribing");
        app.Sms.To("+212612300001").Should().HaveCount(2, "the SMS still come");
        app.Mail.To(staying.Email!).Should().HaveCount(2);
        app.Mail.To(store.Email).Should().HaveCount(2);
    }

    [Fact]
    public async Task Mail_that_cannot_be_turned_off_has_no_unsubscribe_header()
    {
        var store = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(store);

        await client.PostFormAsync("/settings/notifications", [], handler: "TestEmail");

        var test = app.Mail.To(store.Email).Should().ContainSingle().Subject;
        test.Headers.Contains("List-Unsubscribe").Should().BeFalse();
        test.HtmlBody.Should().Contain("max-width:600px", "one layout for every mail, readable on a phone");
    }

    private Task<StoreUser> MemberAsync(TestStore store, Guid id) =>
        app.InDbAsync(store.TenantId, db => db.Users.AsNoTracking().SingleAsync(u => u.Id == id));
}
