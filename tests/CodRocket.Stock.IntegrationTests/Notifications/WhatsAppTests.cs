using System.Net;
using System.Text.Json;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Notifications;

/// <summary>WhatsApp through the Twilio stand-in: the approved template, "whatsapp:" addresses, opted-in members only.</summary>
public class WhatsAppTests(StockApp app)
{
    [Fact]
    public async Task A_critical_alert_goes_by_whatsapp_only_to_the_member_who_opted_in()
    {
        var store = await app.CreateStoreAsync("Souk WhatsApp");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        await app.AddMemberAsync(store.TenantId, "Wafa WhatsApp", phone: "+212665550201", whatsAppAlerts: true);
        await app.AddMemberAsync(store.TenantId, "Sami Sms", phone: "+212665550202", smsAlerts: true);
        var critical = await app.AddProductAsync(store.TenantId, "WA-CRIT", 5, (warehouse, 10));
        var plain = await app.AddProductAsync(store.TenantId, "WA-PLAIN", 5, (warehouse, 10));
        await app.InDbAsync(store.TenantId, db => db.Products.Where(p => p.Id == critical).ExecuteUpdateAsync(s => s.SetProperty(p => p.SmsAlerts, true)));

        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(critical, warehouse, 8, AdjustmentReason.Lost), StockChange.WriteOff(plain, warehouse, 8, AdjustmentReason.Lost));
        await app.DeliverAsync(store.TenantId);

        var message = app.Sms.To("whatsapp:+212665550201").Should().ContainSingle("one critical alert; the other product is not critical").Subject;
        message.From.Should().Be("whatsapp:+14155238886");
        message.ContentSid.Should().Be(StockApp.WhatsAppTemplate);
        JsonDocument.Parse(message.ContentVariables).RootElement.GetProperty("1").GetString()
            .Should().Be("Souk WhatsApp: Low stock WA-CRIT - 2 left (all warehouses, alert at 5).");
        app.Sms.To("+212665550201").Should().BeEmpty("she asked for WhatsApp, not SMS");
        app.Sms.To("whatsapp:+212665550202").Should().BeEmpty("he asked for SMS only");
        app.Sms.To("+212665550202").Should().ContainSingle();
        (await app.InDbAsync(store.TenantId, db => db.Notifications.Where(n => n.Channel == NotificationChannel.WhatsApp).ToListAsync()))
            .Should().ContainSingle().Which.Should().Match<Notification>(n => n.Status == NotificationStatus.Sent && n.Recipient == "+212665550201");
        using var client = await app.SignInAsync(store);
        (await client.GetAsync("/settings/notifications")).Document.QuerySelectorAll("td").Select(td => td.TextContent.Trim())
            .Should().Contain("WhatsApp", "the delivery log shows the channel");
    }

    [Fact]
    public async Task A_member_opts_in_on_the_team_page_and_needs_a_phone_for_it()
    {
        var store = await app.CreateStoreAsync();
        var member = await app.AddMemberAsync(store.TenantId, "Opting Member");
        using var owner = await app.SignInAsync(store);
        var url = $"/settings/team/{member.Id}/edit";

        var refused = await owner.PostFormAsync(url, new()
        {
            ["Input.FullName"] = "Opting Member", ["Input.Email"] = member.Email!, ["Input.Role"] = "Staff", ["Input.WhatsAppAlerts"] = "true",
        });
        var saved = await owner.PostFormAsync(url, new()
        {
            ["Input.FullName"] = "Opting Member", ["Input.Email"] = member.Email!, ["Input.Role"] = "Staff", ["Input.Phone"] = "+212 665 550 203",
            ["Input.WhatsAppAlerts"] = "true",
        });

        refused.ValidationMessages.Should().Contain("WhatsApp alerts need a mobile phone number.");
        saved.Status.Should().Be(HttpStatusCode.Redirect);
        var stored = await app.InDbAsync(store.TenantId, db => db.Users.SingleAsync(u => u.Id == member.Id));
        stored.Should().Match<StoreUser>(u => u.WhatsAppStockAlerts && !u.SmsStockAlerts && u.PhoneNumber == "+212665550203");
        (await owner.GetAsync(url)).Document.QuerySelector("input[name='Input.WhatsAppAlerts']")!.HasAttribute("checked").Should().BeTrue();
        (await owner.GetAsync("/settings/team")).Text.Should().Contain("WhatsApp");
    }
}
