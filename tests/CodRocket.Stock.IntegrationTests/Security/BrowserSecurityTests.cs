using System.Net;
using AngleSharp.Html.Parser;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Hosting;

namespace CodRocket.Stock.IntegrationTests.Security;

/// <summary>Every answer carries the browser protections; pages hold no inline script the CSP would block.</summary>
public class BrowserSecurityTests(StockApp app)
{
    public static TheoryData<string> Pages => new()
    {
        "/", "/inventory/products", "/inventory/products/create", "/inventory/products/import", "/inventory/alerts",
        "/orders", "/orders/create", "/warehouses", "/warehouses/create", "/reports",
        "/settings", "/settings/team", "/settings/team/invite", "/settings/api-keys", "/settings/seasons", "/settings/notifications",
        "/status/404", "/no-such-page",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_forbids_framing_sniffing_and_inline_script(string url)
    {
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "SKU-1", threshold: 2, (cas, 10));
        using var client = await app.SignInAsync(store);

        using var response = await client.Http.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

        await AssertProtectedPageAsync(response, url);
    }

    /// <summary>Pages about one thing and its stock actions: {product}, {order}, {warehouse}, {member} stand for its id.</summary>
    public static TheoryData<string> DetailPages => new()
    {
        "/inventory/products/{product}", "/inventory/products/{product}?p=2", "/inventory/products/{product}/history",
        "/inventory/products/{product}/edit", "/inventory/products/{product}/receive", "/inventory/products/{product}/adjust",
        "/inventory/products/{product}/transfer", "/orders/{order}", "/warehouses/{warehouse}/edit", "/settings/team/{member}/edit",
    };

    [Theory]
    [MemberData(nameof(DetailPages))]
    public async Task Detail_edit_and_stock_action_pages_forbid_framing_sniffing_and_inline_script(string template)
    {
        var (store, ids) = await DetailStoreAsync();
        using var client = await app.SignInAsync(store);
        var url = ids.Aggregate(template, (u, id) => u.Replace(id.Key, id.Value.ToString(), StringComparison.Ordinal));

        using var response = await client.Http.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK, url);
        await AssertProtectedPageAsync(response, url);
    }

    [Fact]
    public async Task The_bulk_preview_and_the_import_check_pages_are_protected_too()
    {
        var (store, ids) = await DetailStoreAsync();
        using var client = await app.SignInAsync(store);
        var token = (await client.GetAsync("/inventory/products")).Document
            .QuerySelector("#bulk-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var bulk = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ids"] = ids["{product}"].ToString(), ["bulk"] = "set-threshold", ["Input.Threshold"] = "4", ["__RequestVerificationToken"] = token,
        });
        using var preview = await client.Http.PostAsync(new Uri("/inventory/products/bulk?handler=Preview", UriKind.Relative), bulk, TestContext.Current.CancellationToken);
        using var upload = new MultipartFormDataContent
        {
            { new ByteArrayContent("sku,low_stock_alert\nSKU-1,5\n"u8.ToArray()), "Upload", "products.csv" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        using var check = await client.Http.PostAsync(new Uri("/inventory/products/import?handler=Check", UriKind.Relative), upload, TestContext.Current.CancellationToken);

        preview.StatusCode.Should().Be(HttpStatusCode.OK);
        var previewPage = await AssertProtectedPageAsync(preview, "bulk preview");
        previewPage.Should().Contain("bulk-preview", "the preview is shown");
        check.StatusCode.Should().Be(HttpStatusCode.OK);
        var checkPage = await AssertProtectedPageAsync(check, "import check");
        checkPage.Should().Contain("import-summary", "the dry run is shown");
    }

    [Theory]
    [InlineData("/inventory/products?handler=export")]
    [InlineData("/inventory/products?handler=export&status=low")]
    [InlineData("/reports?handler=csv")]
    public async Task CSV_downloads_are_not_sniffed_and_not_framed(string url)
    {
        var (store, _) = await DetailStoreAsync();
        using var client = await app.SignInAsync(store);

        using var response = await client.Http.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK, url);
        response.Content.Headers.ContentType?.MediaType.Should().Be("text/csv", url);
        string Header(string name) => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
        Header("X-Content-Type-Options").Should().Be("nosniff", url);
        Header("X-Frame-Options").Should().Be("DENY", url);
        Header("Content-Security-Policy").Should().Contain("frame-ancestors 'none'", url);
        response.Content.Headers.ContentDisposition?.DispositionType.Should().Be("attachment", url);
    }

    /// <summary>A store with one of each thing a detail page shows, and the ids that replace the placeholders.</summary>
    private async Task<(TestStore Store, Dictionary<string, Guid> Ids)> DetailStoreAsync()
    {
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddWarehouseAsync(store.TenantId, "RAK");
        var product = await app.AddProductAsync(store.TenantId, "SKU-1", threshold: 2, (cas, 10));
        var order = (PlaceOrderResult.Placed)await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(cas, ("SKU-1", 1)));
        var member = await app.AddMemberAsync(store.TenantId, "Header Member");
        return (store, new() { ["{product}"] = product, ["{order}"] = order.Order.Id, ["{warehouse}"] = cas, ["{member}"] = member.Id });
    }

    /// <summary>The protections, and no inline script or event handler in the page; answers the page's HTML.</summary>
    private static async Task<string> AssertProtectedPageAsync(HttpResponseMessage response, string url)
    {
        AssertProtected(response, url);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var document = new HtmlParser().ParseDocument(html);
        document.QuerySelectorAll("script").Should().OnlyContain(s => s.HasAttribute("src"), $"{url} has no inline script");
        document.All.SelectMany(e => e.Attributes).Where(a => a.Name.StartsWith("on", StringComparison.Ordinal))
            .Select(a => a.Name).Should().BeEmpty($"{url} has no inline event handler");
        return html;
    }

    [Theory]
    [InlineData("/account/sign-in")]
    [InlineData("/account/sign-up")]
    [InlineData("/api/v1/products")]
    [InlineData("/health/live")]
    public async Task Anonymous_pages_and_the_API_are_protected_too(string url)
    {
        using var client = app.ApiClient(null);

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

        AssertProtected(response, url);
    }

    internal static void AssertProtected(HttpResponseMessage response, string url)
    {
        string Header(string name) => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
        Header("X-Frame-Options").Should().Be("DENY", url);
        Header("X-Content-Type-Options").Should().Be("nosniff", url);
        Header("Referrer-Policy").Should().Be("same-origin", url);
        var csp = Header("Content-Security-Policy");
        csp.Should().Contain("frame-ancestors 'none'", url).And.Contain("script-src 'self'", url).And.Contain("object-src 'none'", url);
        csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)).Should().NotContain("unsafe", url);
    }
}

/// <summary>The app as deployed: Production, behind a TLS-terminating proxy on the same host.</summary>
public sealed class ProductionApp : StockApp
{
    protected override bool RealServer => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

public class ProductionCookieTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    [Fact]
    public async Task Behind_a_forwarded_https_proxy_cookies_are_Secure_and_HSTS_is_sent()
    {
        var store = await app.CreateStoreAsync();
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.ServerAddress };
        HttpRequestMessage ViaProxy(HttpMethod method, string url)
        {
            var request = new HttpRequestMessage(method, url);
            request.Headers.Host = "stock.example";
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            return request;
        }

        using var form = await http.SendAsync(ViaProxy(HttpMethod.Get, "/account/sign-in"), TestContext.Current.CancellationToken);
        var html = new HtmlParser().ParseDocument(await form.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var token = html.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var cookies = form.Headers.GetValues("Set-Cookie").ToList();
        using var signIn = ViaProxy(HttpMethod.Post, "/account/sign-in");
        signIn.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => c.Split(';')[0])));
        signIn.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = store.Email, ["Input.Password"] = StockApp.Password, ["__RequestVerificationToken"] = token,
        });
        using var signedIn = await http.SendAsync(signIn, TestContext.Current.CancellationToken);

        form.Headers.GetValues("Strict-Transport-Security").Single().Should().Contain("max-age=");
        BrowserSecurityTests.AssertProtected(form, "/account/sign-in");
        signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var all = cookies.Concat(signedIn.Headers.GetValues("Set-Cookie")).ToList();
        all.Should().Contain(c => c.StartsWith("codrocket.stock=", StringComparison.Ordinal), "the sign-in cookie is set");
        all.Should().OnlyContain(c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase), "every cookie is Secure in Production");
    }
}
