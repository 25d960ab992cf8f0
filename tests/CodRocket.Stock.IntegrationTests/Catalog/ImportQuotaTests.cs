using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Parser;
using CodRocket.Stock.Catalog.Csv;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Catalog;

/// <summary>Dry-run uploads wait for Apply within limits: one per person, and a quota per store.</summary>
public class ImportQuotaTests(StockApp app)
{
    private static async Task<(HttpStatusCode Status, string Text)> DryRunAsync(StoreClient client, string csv)
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
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, new HtmlParser().ParseDocument(html).Body?.TextContent ?? "");
    }

    [Fact]
    public async Task A_new_dry_run_replaces_the_same_persons_pending_upload()
    {
        var store = await app.CreateStoreAsync();
        await app.AddProductAsync(store.TenantId, "A-1");
        using var client = await app.SignInAsync(store);

        (await DryRunAsync(client, "sku,low_stock_alert\nA-1,5\n")).Status.Should().Be(HttpStatusCode.OK);
        (await DryRunAsync(client, "sku,low_stock_alert\nA-1,6\n")).Status.Should().Be(HttpStatusCode.OK);

        var pending = await app.InDbAsync(store.TenantId, db => db.ProductImportFiles.Select(f => f.Content).ToListAsync());
        pending.Should().ContainSingle().Which.Should().Equal(Encoding.UTF8.GetBytes("sku,low_stock_alert\nA-1,6\n"));
    }

    [Fact]
    public async Task A_dry_run_past_the_stores_quota_is_refused_and_stores_nothing()
    {
        var store = await app.CreateStoreAsync();
        await app.AddProductAsync(store.TenantId, "A-1");
        // Two colleagues' full-size dry runs are waiting.
        await app.InDbAsync(store.TenantId, async db =>
        {
            db.ProductImportFiles.Add(new ProductImportFile("big-1.csv", new byte[ProductCsv.MaxBytes], null, DateTimeOffset.UtcNow));
            db.ProductImportFiles.Add(new ProductImportFile("big-2.csv", new byte[ProductCsv.MaxBytes], null, DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });
        using var client = await app.SignInAsync(store);

        var (status, text) = await DryRunAsync(client, "sku,low_stock_alert\nA-1,5\n");

        status.Should().Be(HttpStatusCode.OK);
        text.Should().Contain("already take 40 MB of the store's 40 MB");
        (await app.InDbAsync(store.TenantId, db => db.ProductImportFiles.CountAsync())).Should().Be(2);
    }
}
