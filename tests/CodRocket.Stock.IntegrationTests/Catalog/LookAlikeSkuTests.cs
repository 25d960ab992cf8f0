using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Catalog;

/// <summary>
/// A new SKU that looks like another product's (a Unicode dash for a hyphen, a Cyrillic letter for a Latin one) is
/// created with a warning on every path that creates products: the form (SkuTests), the API and the CSV dry run.
/// </summary>
public class LookAlikeSkuTests(StockApp app)
{
    [Fact]
    public async Task The_api_creates_a_look_alike_sku_and_names_the_existing_one_in_its_warnings()
    {
        var (store, api) = await app.ApiStoreAsync();
        await app.AddProductAsync(store.TenantId, "HEN-001");

        var lookAlike = await api.PostJsonAsync("/api/v1/products", """{"sku":"HEN\u2010001","name":"Hen"}""", Guid.NewGuid().ToString());
        var cyrillic = await api.PostJsonAsync("/api/v1/products", """{"sku":"\u041dEN-001","name":"Hen"}""", Guid.NewGuid().ToString());
        var plain = await api.PostJsonAsync("/api/v1/products", """{"sku":"HEN-002","name":"Hen"}""", Guid.NewGuid().ToString());

        lookAlike.Status.Should().Be(HttpStatusCode.Created, lookAlike.ToString());
        var warning = lookAlike.Json["warnings"]!.AsArray().Should().ContainSingle().Subject!;
        warning["code"]!.GetValue<string>().Should().Be("lookAlikeSku");
        warning["existingSku"]!.GetValue<string>().Should().Be("HEN-001");
        warning["message"]!.GetValue<string>().Should().Contain("looks like the SKU HEN-001 of another product");
        cyrillic.Status.Should().Be(HttpStatusCode.Created, cyrillic.ToString());
        cyrillic.Json["warnings"]!.AsArray().Should().ContainSingle();
        plain.Status.Should().Be(HttpStatusCode.Created, plain.ToString());
        plain.Json["warnings"]!.AsArray().Should().BeEmpty();
        (await api.GetJsonAsync("/api/v1/products/HEN-002")).Json.AsObject().ContainsKey("warnings").Should().BeFalse("only a create warns");
        (await app.InDbAsync(store.TenantId, db => db.Products.CountAsync())).Should().Be(4);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_warnings_of_a_created_product()
    {
        using var client = app.ApiClient(null);

        var document = await client.GetJsonAsync("/api/v1/openapi.json");

        document.Status.Should().Be(HttpStatusCode.OK, document.ToString());
        document.Json["paths"]!["/api/v1/products"]!["post"]!["description"]!.GetValue<string>().Should().Contain("warnings").And.Contain("lookAlikeSku");
        var schemas = document.Json["components"]!["schemas"]!;
        schemas["ProductResponse"]!["properties"]!["warnings"].Should().NotBeNull();
        schemas["ProductWarning"]!["properties"]!.AsObject().Select(p => p.Key).Should().Contain(["code", "message", "existingSku"]);
    }

    [Theory]
    [InlineData("en", "2 new SKUs look like SKUs you already have")]
    [InlineData("fr", "2 nouveaux SKU ressemblent à des SKU que vous avez déjà")]
    public async Task The_csv_dry_run_lists_new_skus_that_look_like_existing_ones_with_their_line(string language, string heading)
    {
        var store = await app.CreateStoreAsync(language: language);
        await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "HEN-001");
        await app.AddProductAsync(store.TenantId, "TEA-7");
        using var client = await app.SignInAsync(store);

        var page = await DryRunAsync(client,
            "sku,name,low_stock_alert\nHEN-001,Hen,3\nHEN\u2013001,Hen again,4\nNEW-1,Mint,5\nT\u0415A-7,Tea (Cyrillic E),\n");

        var warning = page.QuerySelector("[data-testid=import-look-alikes]");
        warning.Should().NotBeNull(page.Body?.TextContent);
        warning!.TextContent.Should().Contain(heading);
        warning.QuerySelectorAll("tbody tr").Select(r => string.Join("|", r.QuerySelectorAll("td").Select(c => c.TextContent.Trim())))
            .Should().Equal("3|HEN\u2013001|HEN-001", "5|T\u0415A-7|TEA-7");
        page.QuerySelector("[data-testid=import-creates]").Should().NotBeNull("look-alikes are still created: a warning, not a refusal");
    }

    private static async Task<IHtmlDocument> DryRunAsync(StoreClient client, string csv)
    {
        var form = await client.GetAsync("/inventory/products/import");
        var token = form.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "Upload", "products.csv");
        content.Add(new StringContent(token), "__RequestVerificationToken");
        using var response = await client.Http.PostAsync(new Uri("/inventory/products/import?handler=Check", UriKind.Relative), content,
            TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
