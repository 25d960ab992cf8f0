using System.Net;
using System.Text;
using CodRocket.Stock.Catalog.Csv;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Catalog;

/// <summary>A product's price on its form, its page, the product list and the products CSV; bad prices change nothing.</summary>
public class ProductPriceTests(StockApp app)
{
    private static Dictionary<string, string> Form(string sku, string price) => new()
    {
        ["Input.Sku"] = sku,
        ["Input.Name"] = "Tajine " + sku,
        ["Input.Price"] = price,
        ["Input.Settings.SeasonalFactor"] = "1",
    };

    private Task<decimal?> PriceAsync(Guid tenantId, string sku) =>
        app.InDbAsync(tenantId, db => db.Products.Where(p => p.Sku == sku).Select(p => p.Price).SingleAsync());

    [Fact]
    public async Task A_price_is_set_on_the_form_shown_on_the_page_and_the_list_and_changed_on_edit()
    {
        var store = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(store);

        var created = await client.PostFormAsync("/inventory/products/create", Form("TAJ-1", "1234.5"));
        var page = await client.GetAsync(created.Location!);
        var list = await client.GetAsync("/inventory/products");
        var edit = await client.GetAsync(created.Location! + "/edit");

        created.Status.Should().Be(HttpStatusCode.Redirect, string.Join("; ", created.ValidationMessages));
        (await PriceAsync(store.TenantId, "TAJ-1")).Should().Be(1234.50m);
        page.Document.QuerySelector("[data-testid=price]")!.TextContent.Should().Be("MAD\u00a01,234.50");
        list.Document.QuerySelector("td[data-testid=price]")!.TextContent.Should().Be("MAD\u00a01,234.50");
        edit.Document.QuerySelector("input[name='Input.Price']")!.GetAttribute("value").Should().Be("1234.50");
    }

    [Fact]
    public async Task A_price_is_changed_and_cleared_on_the_edit_form()
    {
        var store = await app.CreateStoreAsync();
        var product = await app.AddProductAsync(store.TenantId, "TAJ-1");
        using var client = await app.SignInAsync(store);

        var changed = await client.PostFormAsync($"/inventory/products/{product}/edit", Form("TAJ-1", "99.99"));
        var price = await PriceAsync(store.TenantId, "TAJ-1");
        var cleared = await client.PostFormAsync($"/inventory/products/{product}/edit", Form("TAJ-1", ""));

        changed.Status.Should().Be(HttpStatusCode.Redirect, string.Join("; ", changed.ValidationMessages));
        price.Should().Be(99.99m);
        cleared.Status.Should().Be(HttpStatusCode.Redirect);
        (await PriceAsync(store.TenantId, "TAJ-1")).Should().BeNull();
    }

    [Theory]
    [InlineData("-1", "Enter a price from 0 to 1000000000, or leave it empty.")]
    [InlineData("12.345", "Price has at most 2 decimals.")]
    [InlineData("99999999999", "Enter a price from 0 to 1000000000, or leave it empty.")]
    [InlineData("abc", "The value 'abc' is not valid for Price.")]
    public async Task A_bad_price_on_the_form_shows_a_message_and_changes_nothing(string price, string message)
    {
        var store = await app.CreateStoreAsync();
        var product = await app.AddProductAsync(store.TenantId, "TAJ-1");
        using var client = await app.SignInAsync(store);

        var created = await client.PostFormAsync("/inventory/products/create", Form("TAJ-2", price));
        var edited = await client.PostFormAsync($"/inventory/products/{product}/edit", Form("TAJ-1", price));

        foreach (var page in new[] { created, edited })
        {
            page.Status.Should().Be(HttpStatusCode.OK);
            page.ValidationMessages.Should().Contain(message);
        }
        (await app.InDbAsync(store.TenantId, db => db.Products.Select(p => new { p.Sku, p.Price }).ToListAsync()))
            .Should().BeEquivalentTo([new { Sku = "TAJ-1", Price = (decimal?)null }]);
    }

    private Task<T> ImportAsync<T>(Guid tenantId, Func<ProductImport, Task<T>> run) =>
        app.InStoreAsync(tenantId, services => run(services.GetRequiredService<ProductImport>()));

    [Fact]
    public async Task The_csv_exports_prices_and_imports_them_back_and_an_empty_cell_clears_one()
    {
        var store = await app.CreateStoreAsync();
        await app.AddProductAsync(store.TenantId, "TAJ-1");
        await app.AddProductAsync(store.TenantId, "TAJ-2");
        await app.InDbAsync(store.TenantId, async db =>
        {
            (await db.Products.SingleAsync(p => p.Sku == "TAJ-2")).SetPrice(3m, DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });

        var result = await ImportAsync(store.TenantId, i => i.ApplyAsync(Encoding.UTF8.GetBytes("sku,name,price\nTAJ-1,,12.5\nTAJ-2,,\nTAJ-3,Plate,7\n"), "prices.csv", CancellationToken.None));
        using var client = await app.SignInAsync(store);
        var export = await client.GetAsync("/inventory/products?handler=export");

        result.Applied.Should().BeTrue(string.Join("; ", result.Check.File.Problems));
        (await PriceAsync(store.TenantId, "TAJ-1")).Should().Be(12.50m);
        (await PriceAsync(store.TenantId, "TAJ-2")).Should().BeNull();
        (await PriceAsync(store.TenantId, "TAJ-3")).Should().Be(7m);
        var lines = export.Document.Body!.TextContent.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().StartWith("sku,name,price,low_stock_alert");
        lines.Should().Contain(l => l.StartsWith("TAJ-1,Product TAJ-1,12.50,", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("TAJ-2,Product TAJ-2,,", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-5", ImportProblemKind.Negative)]
    [InlineData("12.345", ImportProblemKind.InvalidPrice)]
    [InlineData("1000000000000", ImportProblemKind.InvalidPrice)]
    [InlineData("12,50", ImportProblemKind.NotANumber)]
    [InlineData("free", ImportProblemKind.NotANumber)]
    public async Task A_bad_price_in_the_csv_is_named_by_line_and_column_and_nothing_is_imported(string price, ImportProblemKind kind)
    {
        var store = await app.CreateStoreAsync();
        await app.AddProductAsync(store.TenantId, "TAJ-1");
        await app.AddProductAsync(store.TenantId, "TAJ-2");

        var result = await ImportAsync(store.TenantId, i => i.ApplyAsync(
            Encoding.UTF8.GetBytes($"sku;price\nTAJ-1;10\nTAJ-2;{price}\n"), "prices.csv", CancellationToken.None));

        result.Applied.Should().BeFalse();
        result.Check.File.Problems.Select(p => (p.Line, p.Column, p.Kind)).Should().Contain((3, "price", kind));
        (await PriceAsync(store.TenantId, "TAJ-1")).Should().BeNull("nothing of a file with a problem is applied");
    }
}
