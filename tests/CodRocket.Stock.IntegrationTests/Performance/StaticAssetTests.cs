using System.Net;
using AngleSharp.Html.Parser;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Testing;

namespace CodRocket.Stock.IntegrationTests.Performance;

/// <summary>
/// Pages reference their CSS and scripts by fingerprinted URL, and those go out compressed and cached for a year:
/// Bootstrap's CSS was 232,871 bytes on the wire (30,759 gzipped) and revalidated on every page.
/// </summary>
public class StaticAssetTests(StockApp app)
{
    [Fact]
    public async Task Every_stylesheet_and_script_of_a_page_is_fingerprinted_gzipped_and_immutable()
    {
        var store = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(store);
        var ct = TestContext.Current.CancellationToken;
        var html = await client.Http.GetStringAsync(new Uri("/", UriKind.Relative), ct);
        var document = new HtmlParser().ParseDocument(html);
        var assets = document.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!)
            .Concat(document.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!))
            .ToList();
        assets.Should().Contain(a => a.Contains("bootstrap.min", StringComparison.Ordinal));

        foreach (var asset in assets)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(asset, UriKind.Relative));
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br");
            using var response = await client.Http.SendAsync(request, ct);

            response.StatusCode.Should().Be(HttpStatusCode.OK, asset);
            response.Content.Headers.ContentEncoding.Should().NotBeEmpty($"{asset} goes compressed");
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            response.Headers.CacheControl!.ToString().Should().Contain("immutable", asset).And.Contain("max-age=31536000", asset);
            if (asset.Contains("bootstrap.min", StringComparison.Ordinal) && asset.EndsWith(".css", StringComparison.Ordinal))
            {
                body.Length.Should().BeLessThan(40_000, "bootstrap.min.css is 232 KB raw and about 31 KB gzipped");
            }
        }
    }

    [Fact]
    public async Task Pages_go_compressed_to_a_browser_that_asks_and_api_answers_and_csv_downloads_do_not()
    {
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        for (var i = 0; i < 25; i++)
        {
            await app.AddProductAsync(store.TenantId, $"ZIP-{i:00}", 10, (cas, 40));
        }
        using var client = await app.SignInAsync(store);
        var ct = TestContext.Current.CancellationToken;
        async Task<(string? Encoding, int Bytes, string Text)> GetAsync(HttpClient http, string url)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
            using var response = await http.SendAsync(request, ct);
            response.StatusCode.Should().Be(HttpStatusCode.OK, url);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            var encoding = response.Content.Headers.ContentEncoding.SingleOrDefault();
            await using var body = encoding switch
            {
                "br" => (Stream)new System.IO.Compression.BrotliStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress),
                "gzip" => new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress),
                _ => new MemoryStream(bytes),
            };
            return (encoding, bytes.Length, await new StreamReader(body).ReadToEndAsync(ct));
        }

        var page = await GetAsync(client.Http, "/inventory/products");
        var (_, api) = await app.ApiStoreAsync();
        var json = await GetAsync(api, "/api/v1/products");
        var csv = await GetAsync(client.Http, "/inventory/products?handler=Export");

        page.Encoding.Should().Be("br");
        page.Text.Should().Contain("ZIP-24");
        page.Bytes.Should().BeLessThan(page.Text.Length / 3, "a page of 25 products compresses well");
        json.Encoding.Should().BeNull("API clients choose their own transport");
        csv.Encoding.Should().BeNull("a download streams as written");
        csv.Text.Should().StartWith("sku,");
    }

    [Fact]
    public async Task Only_pages_that_validate_forms_on_the_client_load_jquery_and_every_page_has_a_favicon()
    {
        var store = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(store);
        var ct = TestContext.Current.CancellationToken;
        async Task<AngleSharp.Html.Dom.IHtmlDocument> PageAsync(string url) =>
            new HtmlParser().ParseDocument(await client.Http.GetStringAsync(new Uri(url, UriKind.Relative), ct));

        foreach (var url in new[] { "/", "/inventory/products", "/inventory/alerts", "/orders", "/reports" })
        {
            var page = await PageAsync(url);
            page.QuerySelectorAll("script[src*=jquery]").Should().BeEmpty($"{url} has no form validated in the browser");
            page.QuerySelector("link[rel=icon]").Should().NotBeNull(url);
        }
        (await PageAsync("/warehouses/create")).QuerySelectorAll("script[src*=jquery]").Should().HaveCount(3, "jQuery and its two validation plugins");
        using var icon = await client.Http.GetAsync(new Uri((await PageAsync("/")).QuerySelector("link[rel=icon]")!.GetAttribute("href")!, UriKind.Relative), ct);
        icon.StatusCode.Should().Be(HttpStatusCode.OK);
        icon.Headers.CacheControl!.ToString().Should().Contain("immutable");
    }

    [Fact]
    public async Task A_client_that_asks_for_no_compression_gets_the_plain_file()
    {
        using var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        using var response = await client.GetAsync(new Uri("/lib/bootstrap/dist/css/bootstrap.min.css", UriKind.Relative), ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentEncoding.Should().BeEmpty();
        (await response.Content.ReadAsByteArrayAsync(ct)).Length.Should().BeGreaterThan(200_000);
    }
}
