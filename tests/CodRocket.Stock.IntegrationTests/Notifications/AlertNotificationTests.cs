using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Notifications;

/// <summary>I4: each crossing notifies each eligible recipient once per channel, and only them.</summary>
public class AlertNotificationTests(StockApp app)
{
    [Fact]
    public async Task One_alert_emails_the_owner_and_opted_in_members_once_and_texts_only_sms_members_of_a_critical_product()
    {
        var store = await app.CreateStoreAsync("Souk Électro");
        var casablanca = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var manager = await app.AddMemberAsync(store.TenantId, "Mina Manager", StoreRole.Manager, "+212612345678", emailAlerts: true, smsAlerts: true);
        var quiet = await app.AddMemberAsync(store.TenantId, "Quiet Staff", StoreRole.Staff, "+212612345679");
        var smsOnly = await app.AddMemberAsync(store.TenantId, "Sami Sms", StoreRole.Staff, "+212612345670", smsAlerts: true);
        var charger = await app.AddProductAsync(store.TenantId, "CHG-30W", threshold: 10, (casablanca, 30));
        await app.InDbAsync(store.TenantId, async db =>
        {
            var p = await db.Products.SingleAsync(x => x.Id == charger);
            p.UpdateStockSettings(new(10, true, null, null, null, 1m), DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });

        var change = await app.ApplyAsync(store.TenantId, StockChange.WriteOff(charger, casablanca, 24, AdjustmentReason.Damaged));
        await app.DeliverAsync(store.TenantId);

        change.Alerts!.Notifications.Should().Be(4, "two e-mails (owner, manager) and two SMS (manager, SMS-only member)");
        var ownerMail = app.Mail.To(store.Email).Should().ContainSingle().Subject;
        ownerMail.Subject.Should().Be("Low stock: Product CHG-30W (CHG-30W), 6 left");
        ownerMail.TextBody.Should().Contain("SKU CHG-30W").And.Contain("All warehouses").And.Contain("6 available").And.Contain("alert at 10 or below")
            .And.Contain($"https://stock.test/inventory/products/{charger}");
        ownerMail.HtmlBody.Should().Contain("Souk Électro").And.Contain("CHG-30W");
        app.Mail.To(manager.Email!).Should().ContainSingle();
        app.Mail.To(quiet.Email!).Should().BeEmpty();
        app.Mail.To(smsOnly.Email!).Should().BeEmpty();
        app.Sms.To("+212612345678").Should().ContainSingle().Which.Body.Should().Be("Souk Électro: Low stock CHG-30W - 6 left (all warehouses, alert at 10).");
        app.Sms.To("+212612345670").Should().ContainSingle();
        app.Sms.To("+212612345679").Should().BeEmpty();
        app.Sms.Messages.Where(m => m.To.StartsWith("+21261234567", StringComparison.Ordinal)).Should().OnlyContain(m => m.From == "+15005550006");

        // Further drops within the same crossing notify nobody again.
        var again = await app.ApplyAsync(store.TenantId, StockChange.WriteOff(charger, casablanca, 2, AdjustmentReason.Damaged));
        await app.DeliverAsync(store.TenantId);
        again.Alerts!.Notifications.Should().Be(0);
        app.Mail.To(store.Email).Should().HaveCount(1);
        (await app.InDbAsync(store.TenantId, db => db.Notifications.CountAsync(n => n.Status == NotificationStatus.Sent))).Should().Be(4);
    }

    [Fact]
    public async Task A_product_that_is_not_critical_sends_no_sms()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        await app.AddMemberAsync(store.TenantId, "Sms Fan", StoreRole.Staff, "+212612340001", smsAlerts: true);
        var product = await app.AddProductAsync(store.TenantId, "PLAIN", threshold: 5, (warehouse, 10));

        var change = await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, warehouse, 6, AdjustmentReason.Lost));
        await app.DeliverAsync(store.TenantId);

        change.Alerts!.Notifications.Should().Be(1, "only the owner's e-mail");
        app.Sms.To("+212612340001").Should().BeEmpty();
    }

    [Fact]
    public async Task A_warehouse_alert_reaches_members_who_follow_that_warehouse_or_all_of_them()
    {
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var rak = await app.AddWarehouseAsync(store.TenantId, "RAK");
        var followsCas = await app.AddMemberAsync(store.TenantId, "Follows Cas", emailAlerts: true, warehouses: cas);
        var followsRak = await app.AddMemberAsync(store.TenantId, "Follows Rak", emailAlerts: true, warehouses: rak);
        var followsAll = await app.AddMemberAsync(store.TenantId, "Follows All", emailAlerts: true);
        var product = await app.AddProductAsync(store.TenantId, "WH-1", null, (cas, 20), (rak, 20));
        await app.InStoreAsync(store.TenantId, async services =>
        {
            var db = services.GetRequiredService<CodRocket.Stock.Data.StockDbContext>();
            var level = await db.StockLevels.SingleAsync(s => s.ProductId == product && s.WarehouseId == cas);
            level.SetLowStockThreshold(5, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        });

        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(product, cas, 16, AdjustmentReason.Damaged));
        await app.DeliverAsync(store.TenantId);

        app.Mail.To(followsCas.Email!).Should().ContainSingle().Which.Subject.Should().Contain("in CAS");
        app.Mail.To(followsAll.Email!).Should().ContainSingle();
        app.Mail.To(followsRak.Email!).Should().BeEmpty();
        app.Mail.To(store.Email).Should().ContainSingle("the owner gets alert e-mail unless they turn it off");
    }

    [Fact]
    public async Task Three_hundred_alerts_reach_each_recipient_as_one_digest_under_100_KB_naming_the_50_that_run_out_first_and_linking_the_rest()
    {
        var store = await app.CreateStoreAsync("Big Bazaar");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "MAIN");
        var member = await app.AddMemberAsync(store.TenantId, "Digest Reader", emailAlerts: true);
        var products = new List<Guid>();
        foreach (var chunk in Enumerable.Range(0, 320).Chunk(50))
        {
            products.AddRange(await Task.WhenAll(chunk.Select(i => app.AddProductAsync(store.TenantId, $"D-{i:D3}", 10, (warehouse, 20)))));
        }

        // D-319 runs out (0 days left): it comes first, though its name sorts last.
        var change = await app.ApplyAsync(store.TenantId, [
            .. products.SkipLast(1).Select(p => StockChange.WriteOff(p, warehouse, 15, AdjustmentReason.Count)),
            StockChange.WriteOff(products[^1], warehouse, 20, AdjustmentReason.Count)]);
        await app.DeliverAsync(store.TenantId);

        change.Alerts!.Opened.Should().Be(320);
        foreach (var recipient in new[] { store.Email, member.Email! })
        {
            var digest = app.Mail.To(recipient).Should().ContainSingle().Subject;
            digest.Subject.Should().Be("Stock alerts: 320 need attention (1 out of stock)");
            System.Text.Encoding.UTF8.GetByteCount(digest.HtmlBody!).Should().BeLessThan(100 * 1024, "Gmail clips a message above ~102 KB");
            var named = products.Select((_, i) => $"D-{i:D3}").Where(sku => digest.HtmlBody!.Contains(sku, StringComparison.Ordinal)).ToList();
            named.Should().HaveCount(50).And.Contain("D-319").And.Contain("D-000").And.Contain("D-048").And.NotContain("D-049");
            digest.HtmlBody!.IndexOf("D-319", StringComparison.Ordinal).Should().BeLessThan(digest.HtmlBody.IndexOf("D-000", StringComparison.Ordinal));
            digest.HtmlBody.Should().Contain("and 270 more").And.Contain("href=\"https://stock.test/inventory/alerts\"");
            digest.TextBody.Should().Contain("and 270 more: https://stock.test/inventory/alerts").And.Contain("D-319").And.NotContain("D-049");
        }
        var rows = await app.InDbAsync(store.TenantId, db => db.Notifications.AsNoTracking().ToListAsync());
        rows.Should().HaveCount(640).And.OnlyContain(n => n.Status == NotificationStatus.Sent, "every alert is covered, named or linked");
    }

    [Fact]
    public async Task A_store_never_notifies_another_stores_members_and_its_log_shows_only_its_own_rows()
    {
        var a = await app.CreateStoreAsync();
        var b = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(b.TenantId, "B");
        var product = await app.AddProductAsync(b.TenantId, "B-ONLY", 5, (warehouse, 10));
        await app.ApplyAsync(b.TenantId, StockChange.WriteOff(product, warehouse, 8, AdjustmentReason.Lost));

        await app.DeliverAsync(a.TenantId);
        app.Mail.To(b.Email).Should().BeEmpty("store A's delivery job touches only store A's rows");
        await app.DeliverAsync(b.TenantId);

        app.Mail.To(a.Email).Should().BeEmpty();
        app.Mail.To(b.Email).Should().ContainSingle();
        using var client = await app.SignInAsync(a);
        (await client.GetAsync("/settings/notifications")).Text.Should().NotContain("B-ONLY").And.NotContain(b.Email);
        using var bClient = await app.SignInAsync(b);
        (await bClient.GetAsync("/settings/notifications")).Text.Should().Contain("B-ONLY").And.Contain(b.Email);
    }

    [Fact]
    public async Task Two_delivery_jobs_running_at_once_send_nothing_twice()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var members = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => app.AddMemberAsync(store.TenantId, $"Member {i}", emailAlerts: true, phone: $"+21261200000{i}", smsAlerts: true)));
        var products = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => app.AddProductAsync(store.TenantId, $"DUP-{i}", 5, (warehouse, 10))));
        await app.InDbAsync(store.TenantId, db => db.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.SmsAlerts, true)));
        await app.ApplyAsync(store.TenantId, [.. products.Select(p => StockChange.WriteOff(p, warehouse, 8, AdjustmentReason.Lost))]);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => app.DeliverAsync(store.TenantId))));

        foreach (var recipient in members.Select(m => m.Email!).Append(store.Email))
        {
            app.Mail.To(recipient).Should().HaveCount(1, recipient);
        }
        foreach (var member in members)
        {
            // The store's cap (10 an hour): ten alerts one by one, then one message for the ten beyond; none twice.
            app.Sms.To(member.PhoneNumber!).Select(m => m.Body).Should().HaveCount(11)
                .And.ContainSingle(body => body.Contains("10 more critical alerts", StringComparison.Ordinal));
        }
        (await app.InDbAsync(store.TenantId, db => db.Notifications.CountAsync(n => n.Status != NotificationStatus.Sent))).Should().Be(0);
    }
}
