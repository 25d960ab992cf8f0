using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Parser;
using CodRocket.Stock.Testing;

namespace CodRocket.Stock.IntegrationTests.Localization;

/// <summary>
/// The product list's Bulk Actions, the CSV import and the settings history in a French store: French words
/// (CSV column names and values stay as the file must spell them), no English key shown raw.
/// </summary>
public class FrenchProductPagesTests(StockApp app)
{
    private static string Plain(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ');

    [Fact]
    public async Task Bulk_actions_and_the_settings_history_read_french()
    {
        var store = await app.CreateStoreAsync("Boutique Souss", language: "fr");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "AGA");
        var product = await app.AddProductAsync(store.TenantId, "ARG-1", threshold: 5, (warehouse, 20));
        using var client = await app.SignInAsync(store);

        var list = await client.GetAsync("/inventory/products");
        Plain(list.Text).Should().ContainAll("Actions groupées", "Définir le seuil d'alerte de stock bas…", "Activer les alertes SMS",
            "Définir la règle de rupture…", "Importer un CSV", "Exporter en CSV", "Avec ou sans SMS");
        FrenchPagesTests.RawEnglish(list.Document).Should().BeEmpty();

        var ids = $"ids={product}";
        var form = await client.PostFormAsync($"/inventory/products/bulk?{ids}", new() { ["bulk"] = "set-threshold" }, formUrl: "/inventory/products");
        Plain(form.Text).Should().ContainAll("Définir le seuil d'alerte de stock bas", "1 produits sélectionnés.", "S'applique à", "Tous les entrepôts (stock total)",
            "Entrepôt AGA", "Seuil 10 → alerte à 10 ou moins.", "Comment fonctionnent les actions groupées");
        FrenchPagesTests.RawEnglish(form.Document).Should().BeEmpty();

        var empty = await client.PostFormAsync($"/inventory/products/bulk?{ids}", new() { ["bulk"] = "set-threshold" }, "Preview", formUrl: "/inventory/products");
        empty.ValidationMessages.Should().Contain("Saisissez le seuil d'alerte de stock bas à appliquer.");

        var preview = await client.PostFormAsync($"/inventory/products/bulk?{ids}",
            new() { ["bulk"] = "set-threshold", ["Input.Threshold"] = "30" }, "Preview", formUrl: "/inventory/products");
        Plain(preview.Text).Should().ContainAll("Aperçu", "Rien n'a encore été modifié.", "passeraient aussitôt en alerte", "Les 1 produits sélectionnés seront modifiés.",
            "Appliquer à 1 produits", "Actualiser l'aperçu");
        FrenchPagesTests.RawEnglish(preview.Document).Should().BeEmpty();

        var applied = await client.PostFormAsync($"/inventory/products/bulk?{ids}",
            new() { ["bulk"] = "set-threshold", ["Input.Threshold"] = "30" }, "Apply", formUrl: "/inventory/products");
        applied.Status.Should().Be(HttpStatusCode.Redirect);
        Plain((await client.GetAsync(applied.Location!)).Text).Should().Contain("Seuil d'alerte de stock bas fixé à 30 pour 1 produits. Alertes : 1 ouvertes, 0 résolues.");

        var details = await client.GetAsync($"/inventory/products/{product}");
        Plain(details.Text).Should().ContainAll("Historique des paramètres", "Paramètre", "Via", "Action groupée", "Valeur par défaut de la boutique");
        FrenchPagesTests.RawEnglish(details.Document).Should().BeEmpty();
        var history = await client.GetAsync($"/inventory/products/{product}/history");
        Plain(history.Text).Should().ContainAll("Historique des paramètres", "Chaque modification des paramètres de stock de ce produit", "Action groupée");
        FrenchPagesTests.RawEnglish(history.Document).Should().BeEmpty();

        app.MissingTranslations.Keys.Should().BeEmpty("every key a French page asked for has its French");
    }

    [Fact]
    public async Task The_csv_import_explains_in_french_and_keeps_the_file_syntax()
    {
        var store = await app.CreateStoreAsync("Épicerie Tiznit", language: "fr");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "TIZ");
        await app.AddProductAsync(store.TenantId, "AMLOU-1", threshold: 5, (warehouse, 20));
        using var client = await app.SignInAsync(store);

        var page = await client.GetAsync("/inventory/products/import");
        Plain(page.Text).Should().ContainAll("Importer des produits", "1. Charger un fichier CSV", "Vérifier le fichier", "yes ou no.",
            "block, warn ou backorder ; vide pour la valeur par défaut de la boutique.", "low_stock_alert");
        FrenchPagesTests.RawEnglish(page.Document).Should().BeEmpty();

        var bad = await UploadAsync(client, page, "sku,sms_alerts,out_of_stock_policy,threshold:ZZZ\nAMLOU-1,oui,bloquer,\nNOPE,yes,,\n");
        Plain(bad.Text).Should().ContainAll("problèmes. Rien n'a été importé.", "Ligne", "Colonne", "Problème",
            "« oui » n'est ni yes ni no.", "« bloquer » n'est pas une règle : utilisez block, warn ou backorder",
            "Aucun produit n'a le SKU « NOPE » dans cette boutique.", "Aucun entrepôt n'a le code « ZZZ » dans cette boutique.");
        FrenchPagesTests.RawEnglish(bad.Document).Should().BeEmpty();

        var good = await UploadAsync(client, page, "sku,low_stock_alert\nAMLOU-1,7\n");
        Plain(good.Text).Should().ContainAll("2. Vérifier les modifications", "lignes, toutes valides", "produits seront modifiés", "Appliquer l'import");
        FrenchPagesTests.RawEnglish(good.Document).Should().BeEmpty();

        app.MissingTranslations.Keys.Should().BeEmpty("every key a French page asked for has its French");
    }

    private static async Task<Page> UploadAsync(StoreClient client, Page form, string csv)
    {
        var token = form.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "Upload", "produits.csv");
        using var response = await client.Http.PostAsync(new Uri("/inventory/products/import?handler=Check", UriKind.Relative), content);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return new Page(response.StatusCode, null, new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()));
    }
}
