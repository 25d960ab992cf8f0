using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Localization;

/// <summary>A French store's pages, as its team reads them: French words, French numbers and dates, no English left.</summary>
public class FrenchPagesTests(StockApp app)
{
    // .NET's French culture groups thousands with a narrow no-break space and French typography puts a no-break
    // space before ":" and inside « »: tests read them as plain spaces.
    private static string Plain(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ');

    private async Task<(TestStore Store, Guid Warehouse, Guid Product, Order Order)> FrenchStoreAsync()
    {
        var store = await app.CreateStoreAsync("Boutique Atlas", language: "fr");
        await app.InDbAsync(store.TenantId, db => db.Tenants.Where(t => t.Id == store.TenantId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.TimeZone, "Europe/Paris")));
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "TAJ-1", threshold: 2000, (warehouse, 1234));
        var placed = await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, ("TAJ-1", 3)));
        return (store, warehouse, product, placed.Should().BeOfType<PlaceOrderResult.Placed>().Subject.Order);
    }

    [Fact]
    public async Task A_french_store_reads_its_pages_in_french_with_french_numbers_and_dates()
    {
        var (store, _, product, order) = await FrenchStoreAsync();
        using var client = await app.SignInAsync(store);
        var taken = TimeZoneInfo.ConvertTime(order.CreatedAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));

        var expectations = new Dictionary<string, string[]>
        {
            ["/warehouses"] = ["Les lieux où vous stockez vos produits", "Unités en stock physique", "1 234"],
            ["/warehouses/create"] = ["Créer l'entrepôt", "Court et unique, ex. CAS."],
            ["/orders"] = ["Commandes en paiement à la livraison", "Nouvelle", taken.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)],
            [$"/orders/{order.Id}"] = [$"Commande n°{order.Number}", "Confirmer", "Annuler la commande", "Commande prise"],
            ["/orders/create"] = ["Nouvelle commande", "Paiement à la livraison.", "Expédiée depuis", "Ajouter une ligne"],
            ["/inventory/alerts"] = ["Stock bas", "Disponible maintenant", "1 231", "2 000"],
            ["/settings"] = ["Seuil d'alerte de stock bas par défaut", "Règle de rupture par défaut", "Fuseau horaire"],
            ["/settings/team"] = ["Inviter un membre", "Propriétaire"],
            ["/settings/notifications"] = ["Journal des envois", "M'envoyer un e-mail de test"],
            ["/settings/api-keys"] = ["Nouvelle clé d'API", "Aucune clé d'API pour l'instant"],
            ["/settings/seasons"] = ["Saisons", "Aucune saison pour l'instant", "Ajouter la saison", "Coefficient"],
            ["/reports"] = ["Rapport de stock", "Une ligne par produit", "Ventes/jour", "Jours restants", "Stock/ventes", "délai fournisseur requis",
                "Stock bas", "Jours restants = disponible ÷ ventes par jour", "1 231"],
            [$"/inventory/products/{product}"] = ["Prévisions", "Ventes par jour", "Jours de stock restants", "Ratio stock/ventes", "Seuil suggéré",
                "Indiquez un délai fournisseur pour obtenir une suggestion.", "Indiquer le délai fournisseur", "Stock et ventes par jour",
                "Les chiffres, jour par jour"],
        };
        foreach (var (url, texts) in expectations)
        {
            var page = await client.GetAsync(url);

            page.Status.Should().Be(HttpStatusCode.OK, url);
            page.Document.DocumentElement.GetAttribute("lang").Should().Be("fr", url);
            var sidebar = page.Document.QuerySelector(".sidebar")!.TextContent;
            sidebar.Should().Contain("Tableau de bord").And.Contain("Entrepôts").And.Contain("Commandes").And.Contain("Paramètres").And.Contain("Boutique", url);
            Plain(page.Text).Should().ContainAll(texts, url);
            RawEnglish(page.Document).Should().BeEmpty(url);
        }
        app.MissingTranslations.Keys.Should().BeEmpty("every key a French page asked for has its French");
    }

    [Fact]
    public async Task Validation_and_model_binding_messages_are_french()
    {
        var (store, _, _, _) = await FrenchStoreAsync();
        using var client = await app.SignInAsync(store);

        var warehouse = await client.PostFormAsync("/warehouses/create", new() { ["Input.Code"] = "", ["Input.Name"] = "" });
        var settings = await client.PostFormAsync("/settings", new()
        {
            ["Input.Name"] = "Boutique Atlas", ["Input.DefaultOutOfStockPolicy"] = "Block", ["Input.VelocityWindowDays"] = "trente",
            ["Input.TimeZone"] = "Europe/Paris", ["Input.Language"] = "fr", ["Input.DefaultLowStockThreshold"] = "-4",
        });

        warehouse.ValidationMessages.Should().Contain(["Saisissez un code.", "Saisissez un nom."]);
        settings.ValidationMessages.Select(Plain).Should().Contain([
            "Période de calcul de la vitesse de vente : « trente » n'est pas valide.",
            "Seuil d'alerte de stock bas par défaut : un nombre entier de 0 à 1000000.",
        ]);
        app.MissingTranslations.Keys.Should().BeEmpty();
    }

    [Fact]
    public async Task A_refused_order_transition_names_the_statuses_in_french()
    {
        var (store, _, _, order) = await FrenchStoreAsync();
        using var client = await app.SignInAsync(store);

        var refused = await client.PostFormAsync($"/orders/{order.Id}?to=Delivered", new(), handler: "Move");
        var page = await client.GetAsync(refused.Location!);

        Plain(page.Text).Should().Contain("Une commande au statut « Nouvelle » ne peut pas passer au statut « Livrée ».");
    }

    [Fact]
    public async Task Decimals_bind_from_number_inputs_and_from_french_typing()
    {
        var (store, _, product, _) = await FrenchStoreAsync();
        using var client = await app.SignInAsync(store);

        foreach (var typed in new[] { "1.5", "1,5" })
        {
            var saved = await client.PostFormAsync($"/inventory/products/{product}/edit", new()
            {
                ["Input.Sku"] = "TAJ-1", ["Input.Name"] = "Tajine", ["Input.Settings.LowStockThreshold"] = "10",
                ["Input.Settings.SeasonalFactor"] = typed,
            });

            saved.Status.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", saved.ValidationMessages));
            (await app.InDbAsync(store.TenantId, db => db.Products.Where(p => p.Id == product).Select(p => p.SeasonalFactor).SingleAsync()))
                .Should().Be(1.5m, typed);
        }
    }

    /// <summary>Text (and labels in attributes) that is exactly an English key whose French differs: a key shown raw.</summary>
    internal static List<string> RawEnglish(IDocument document)
    {
        var english = FrenchEnglishPairs.Value;
        var texts = document.Body!.Descendants<IText>().Select(t => t.Data.Trim())
            .Concat(document.All.SelectMany(e => new[] { e.GetAttribute("placeholder"), e.GetAttribute("title"), e.GetAttribute("aria-label") }).OfType<string>());
        return [.. texts.Where(t => t.Length > 0 && english.Contains(t)).Distinct()];
    }

    private static readonly Lazy<HashSet<string>> FrenchEnglishPairs = new(() =>
    {
        var keys = FrenchResourceTests.SourceKeys().Keys;
        return [.. keys.Where(k => !k.Contains('{', StringComparison.Ordinal) && k is not ("SKU" or "SMS" or "WhatsApp" or "Code" or "Notifications" or "Pages" or "Test" or "Note" or "Correction" or "Invitation" or "Confirmation" or "Actions" or "Webhooks"))];
    });
}
