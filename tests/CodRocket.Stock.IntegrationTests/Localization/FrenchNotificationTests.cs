using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Localization;

/// <summary>E-mail and SMS in each recipient's language: their own choice, else their store's.</summary>
public class FrenchNotificationTests(StockApp app)
{
    private static string Plain(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ');

    [Fact]
    public async Task A_french_store_emails_and_texts_its_alerts_in_french_and_a_member_who_chose_english_reads_english()
    {
        var store = await app.CreateStoreAsync("Souk Atlas", language: "fr");
        var casablanca = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var english = await app.AddMemberAsync(store.TenantId, "Emma English", StoreRole.Manager, "+212661987601", emailAlerts: true, smsAlerts: true);
        var french = await app.AddMemberAsync(store.TenantId, "Fatima Francais", StoreRole.Staff, "+212661987602", smsAlerts: true);
        await app.InDbAsync(store.TenantId, db => db.Users.Where(u => u.Id == english.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, "en")));
        var tajine = await app.AddProductAsync(store.TenantId, "TAJ-2", threshold: 2000, (casablanca, 2500));
        await app.InDbAsync(store.TenantId, async db =>
        {
            var p = await db.Products.SingleAsync(x => x.Id == tajine);
            p.UpdateStockSettings(new(2000, true, null, null, null, 1m), DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });

        await app.ApplyAsync(store.TenantId, StockChange.WriteOff(tajine, casablanca, 1266, AdjustmentReason.Damaged));
        await app.DeliverAsync(store.TenantId);

        var owner = app.Mail.To(store.Email).Should().ContainSingle().Subject;
        Plain(owner.Subject!).Should().Be("Stock bas : Product TAJ-2 (TAJ-2), 1 234 restants");
        Plain(owner.TextBody!).Should().Contain("Souk Atlas : un produit a atteint son seuil d'alerte de stock bas.")
            .And.Contain("- Stock bas : Product TAJ-2 (SKU TAJ-2), Tous les entrepôts : 1 234 disponibles, alerte à 2 000 ou moins")
            .And.Contain("Toutes les alertes : https://stock.test/inventory/alerts");
        Plain(System.Net.WebUtility.HtmlDecode(owner.HtmlBody!)).Should().Contain("<html lang=\"fr\">").And.Contain(">Ouvrir les alertes<")
            .And.Contain(">1 234 restants, alerte à 2 000<")
            .And.Contain("Vous recevez ce message car les alertes de stock sont activées pour vous chez Souk Atlas.");
        owner.TextBody.Should().NotContain("available").And.NotContain("Low stock");

        var manager = app.Mail.To(english.Email!).Should().ContainSingle().Subject;
        manager.Subject.Should().Be("Low stock: Product TAJ-2 (TAJ-2), 1,234 left");

        app.Sms.To("+212661987602").Should().ContainSingle().Which.Body
            .Should().Be("Souk Atlas : Stock bas TAJ-2 - reste 1234 (ensemble du stock, alerte à 2000).");
        app.Sms.To("+212661987601").Should().ContainSingle().Which.Body
            .Should().Be("Souk Atlas: Low stock TAJ-2 - 1234 left (all warehouses, alert at 2000).");
        app.MissingTranslations.Keys.Should().BeEmpty();
    }

    [Fact]
    public async Task The_message_for_critical_alerts_beyond_the_hourly_cap_reads_in_french()
    {
        var store = await app.CreateStoreAsync("Souk Plafond", language: "fr");
        await app.SetPacingAsync(store.TenantId, digestWindowSeconds: 0, criticalAlertsPerHour: 1);
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        await app.AddMemberAsync(store.TenantId, "Fatima Plafond", phone: "+212665550301", smsAlerts: true);
        var products = new[] { await app.AddProductAsync(store.TenantId, "PLF-1", 5, (warehouse, 10)), await app.AddProductAsync(store.TenantId, "PLF-2", 5, (warehouse, 10)) };
        await app.InDbAsync(store.TenantId, db => db.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.SmsAlerts, true)));

        await app.ApplyAsync(store.TenantId, [.. products.Select(p => StockChange.WriteOff(p, warehouse, 8, AdjustmentReason.Lost))]);
        await app.DeliverAsync(store.TenantId);

        // One alert on its own (either: they opened together), then the one beyond the cap counted.
        var texts = app.Sms.To("+212665550301").Select(m => m.Body).ToList();
        texts.Should().HaveCount(2);
        texts[0].Should().MatchRegex(@"^Souk Plafond : Stock bas PLF-[12] - reste 2 \(ensemble du stock, alerte à 5\)\.$");
        texts[1].Should().Be("Souk Plafond : 1 alerte critique de plus - voir le tableau de bord. https://stock.test/inventory/alerts");
    }

    [Fact]
    public async Task The_owner_can_choose_a_members_language_for_their_invitation_and_alerts()
    {
        var store = await app.CreateStoreAsync("Bazar Souss", language: "en");
        using var client = await app.SignInAsync(store);
        var email = $"nadia-{Guid.NewGuid():N}@example.test";

        await client.PostFormAsync("/settings/team/invite", new()
        {
            ["Input.FullName"] = "Nadia", ["Input.Email"] = email, ["Input.Role"] = "Staff", ["Input.Language"] = "fr",
        });
        await app.DeliverAsync(store.TenantId);

        app.Mail.To(email).Should().ContainSingle().Which.Subject.Should().Be("Vous êtes invité chez Bazar Souss sur CodRocket Stock");
        (await app.InDbAsync(store.TenantId, db => db.Users.Where(u => u.Email == email).Select(u => u.Language).SingleAsync())).Should().Be("fr");
    }

    [Fact]
    public async Task An_invitation_to_a_french_store_is_written_in_french()
    {
        var store = await app.CreateStoreAsync("Bazar Rif", language: "fr");
        using var client = await app.SignInAsync(store);
        var email = $"karim-{Guid.NewGuid():N}@example.test";

        await client.PostFormAsync("/settings/team/invite", new()
        {
            ["Input.FullName"] = "Karim", ["Input.Email"] = email, ["Input.Role"] = "Staff",
        });
        await app.DeliverAsync(store.TenantId);

        var invitation = app.Mail.To(email).Should().ContainSingle().Subject;
        invitation.Subject.Should().Be("Vous êtes invité chez Bazar Rif sur CodRocket Stock");
        invitation.TextBody.Should().Contain("Bonjour Karim,").And.Contain("Choisissez votre mot de passe");
        invitation.HtmlBody.Should().Contain(">Choisir mon mot de passe<");
    }
}
