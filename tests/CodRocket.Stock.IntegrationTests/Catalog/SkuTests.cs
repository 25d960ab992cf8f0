using System.Net;
using System.Text;
using CodRocket.Stock.Catalog.Csv;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Catalog;

/// <summary>SKUs are unique per store ignoring case, found ignoring case everywhere, stored as typed and in NFC,
/// never with invisible characters; look-alikes get a warning.</summary>
public class SkuTests(StockApp app)
{
    private static Dictionary<string, string> Product(string sku) => new()
    {
        ["Input.Sku"] = sku,
        ["Input.Name"] = "Hen " + sku,
        ["Input.Settings.SeasonalFactor"] = "1",
    };

    [Fact]
    public async Task A_sku_differing_only_in_case_is_refused_on_the_product_form_and_the_api()
    {
        var (store, api) = await app.ApiStoreAsync();
        await app.AddProductAsync(store.TenantId, "HEN-001");
        using var client = await app.SignInAsync(store);

        var page = await client.PostFormAsync("/inventory/products/create", Product("hen-001"));
        var posted = await api.PostJsonAsync("/api/v1/products", """{"sku":"Hen-001","name":"Hen"}""");

        page.Status.Should().Be(HttpStatusCode.OK);
        page.ValidationMessages.Should().Contain("Another product already uses the SKU HEN-001.");
        posted.Status.Should().Be(HttpStatusCode.Conflict);
        (await app.InDbAsync(store.TenantId, db => db.Products.Select(p => p.Sku).ToListAsync())).Should().Equal("HEN-001");
    }

    [Fact]
    public async Task A_sku_is_found_ignoring_case_by_the_product_search_the_api_csv_and_orders_and_stays_as_typed()
    {
        var (store, api) = await app.ApiStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "Hen-001", null, (cas, 10));
        using var client = await app.SignInAsync(store);

        var list = await client.GetAsync("/inventory/products?q=hen-0");
        var read = await api.GetJsonAsync("/api/v1/products/HEN-001");
        var csv = Encoding.UTF8.GetBytes("sku,low_stock_alert\nhen-001,4\n");
        var import = await app.InStoreAsync(store.TenantId, s => s.GetRequiredService<ProductImport>().ApplyAsync(csv, "p.csv", CancellationToken.None));
        var order = await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(cas, ("HEN-001", 2)));

        list.Text.Should().Contain("Hen-001");
        read.Status.Should().Be(HttpStatusCode.OK, read.ToString());
        read.Json["sku"]!.GetValue<string>().Should().Be("Hen-001", "stored as typed");
        import.Applied.Should().BeTrue(string.Join("; ", import.Check.File.Problems));
        order.Should().BeOfType<PlaceOrderResult.Placed>();
        var product = await app.InDbAsync(store.TenantId, db => db.Products.SingleAsync());
        product.Sku.Should().Be("Hen-001");
        product.LowStockThreshold.Should().Be(4);
    }

    [Fact]
    public async Task The_same_sku_twice_in_a_csv_in_other_case_is_a_duplicate()
    {
        var store = await app.CreateStoreAsync();
        await app.AddProductAsync(store.TenantId, "HEN-001");
        var csv = Encoding.UTF8.GetBytes("sku,low_stock_alert\nHEN-001,4\nhen-001,5\n");

        var check = await app.InStoreAsync(store.TenantId, s => s.GetRequiredService<ProductImport>().CheckAsync(csv, CancellationToken.None));

        check.File.Problems.Should().ContainSingle(p => p.Kind == ImportProblemKind.DuplicateSku && p.Line == 3);
    }

    [Theory]
    [InlineData("HEN\u200B001", "zero-width space")]
    [InlineData("HEN-\u202E100", "right-to-left override")]
    [InlineData("\uFEFFHEN-001", "byte order mark")]
    public async Task Invisible_and_bidirectional_characters_are_refused_with_a_message_everywhere(string sku, string what)
    {
        var (store, api) = await app.ApiStoreAsync();
        using var client = await app.SignInAsync(store);

        var page = await client.PostFormAsync("/inventory/products/create", Product(sku));
        var posted = await api.PostJsonAsync("/api/v1/products", $$"""{"sku":"{{sku}}","name":"Hen"}""");
        var check = await app.InStoreAsync(store.TenantId, s => s.GetRequiredService<ProductImport>()
            .CheckAsync(Encoding.UTF8.GetBytes($"sku,low_stock_alert\n{sku},4\n"), CancellationToken.None));

        page.Status.Should().Be(HttpStatusCode.OK, what);
        page.ValidationMessages.Should().Contain(
            "The SKU holds an invisible or direction-changing character (such as a zero-width space): type it again without it.", what);
        posted.Status.Should().Be(HttpStatusCode.BadRequest, what);
        posted.ToString().Should().Contain("invisible", what);
        check.File.Problems.Should().Contain(p => p.Kind == ImportProblemKind.HiddenCharacters && p.Line == 2, what);
        (await app.InDbAsync(store.TenantId, db => db.Products.CountAsync())).Should().Be(0, what);
    }

    [Fact]
    public async Task A_sku_is_stored_in_nfc_and_a_look_alike_of_another_sku_gets_a_warning()
    {
        var store = await app.CreateStoreAsync();
        await app.AddProductAsync(store.TenantId, "HEN-001");
        using var client = await app.SignInAsync(store);

        var created = await client.PostFormAsync("/inventory/products/create", Product("HEN\u2010001"));
        var details = await client.GetAsync(created.Location!);
        await client.PostFormAsync("/inventory/products/create", Product("CAFE\u0301-1"));

        created.Status.Should().Be(HttpStatusCode.Redirect);
        details.Document.QuerySelector("[data-testid=status-warning]")!.TextContent
            .Should().Contain("looks like the SKU HEN-001 of another product");
        (await app.InDbAsync(store.TenantId, db => db.Products.Select(p => p.Sku).ToListAsync()))
            .Should().Contain("CAF\u00C9-1", "the decomposed é is stored composed (NFC)");
    }
}
