using System.Net;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Catalog.Csv;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Catalog;

/// <summary>The Bulk page as a browser posts it: what it selects (I5), what it refuses (I6), and what it records.</summary>
public class BulkPageTests(StockApp app)
{
    private sealed record Shop(TestStore Store, Guid Warehouse, Guid[] Teas, Guid[] Coffees);

    private async Task<Shop> ShopAsync(string name)
    {
        var store = await app.CreateStoreAsync(name);
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var teas = new List<Guid>();
        var coffees = new List<Guid>();
        for (var i = 1; i <= 3; i++)
        {
            teas.Add(await app.AddProductAsync(store.TenantId, $"TEA-{i}", threshold: 1, (warehouse, 5 * i)));
            coffees.Add(await app.AddProductAsync(store.TenantId, $"COF-{i}", threshold: 1, (warehouse, 5 * i)));
        }
        return new Shop(store, warehouse, [.. teas], [.. coffees]);
    }

    private Task<Dictionary<string, int?>> ThresholdsAsync(Guid tenantId) =>
        app.InDbAsync(tenantId, db => db.Products.AsNoTracking().ToDictionaryAsync(p => p.Sku, p => p.LowStockThreshold));

    private static Dictionary<string, string> Form(string bulk, params (string Key, string Value)[] fields)
    {
        var form = new Dictionary<string, string> { ["bulk"] = bulk };
        foreach (var (key, value) in fields)
        {
            form[key] = value;
        }
        return form;
    }

    [Fact]
    public async Task Select_all_matching_changes_exactly_the_filtered_products_and_never_another_stores()
    {
        var other = await ShopAsync("Store B");
        var otherBefore = await BulkTesting.StateAsync(app, other.Store.TenantId);
        var shop = await ShopAsync("Store A");
        using var client = await app.SignInAsync(shop.Store);

        var preview = await client.PostFormAsync("/inventory/products/bulk",
            Form("set-threshold", ("all", "true"), ("q", "tea"), ("Input.Threshold", "10")), "Preview", formUrl: "/inventory/products");
        var applied = await client.PostFormAsync("/inventory/products/bulk",
            Form("set-threshold", ("all", "true"), ("q", "tea"), ("Input.Threshold", "10")), "Apply", formUrl: "/inventory/products");

        preview.Status.Should().Be(HttpStatusCode.OK);
        preview.Text.Should().Contain("Apply to 3 products");
        applied.Status.Should().Be(HttpStatusCode.Redirect);
        (await ThresholdsAsync(shop.Store.TenantId)).Should().BeEquivalentTo(new Dictionary<string, int?>
        {
            ["TEA-1"] = 10, ["TEA-2"] = 10, ["TEA-3"] = 10, ["COF-1"] = 1, ["COF-2"] = 1, ["COF-3"] = 1,
        });
        (await BulkTesting.StateAsync(app, other.Store.TenantId)).Should().BeEquivalentTo(otherBefore);
    }

    [Fact]
    public async Task Ids_of_another_store_posted_to_the_bulk_page_change_nothing()
    {
        var other = await ShopAsync("Store B");
        var otherBefore = await BulkTesting.StateAsync(app, other.Store.TenantId);
        var shop = await ShopAsync("Store A");
        using var client = await app.SignInAsync(shop.Store);
        var mixed = new Dictionary<string, string> { ["bulk"] = "set-threshold", ["Input.Threshold"] = "9" };
        var ids = other.Teas.Concat(other.Coffees).Append(shop.Teas[0]).ToArray();

        // Only theirs: nothing to act on.
        var onlyTheirs = await PostIdsAsync(client, "Apply", other.Teas, mixed);
        // Theirs and one of ours: only ours changes. "all" with another store's warehouse: nothing matches.
        var withOurs = await PostIdsAsync(client, "Apply", ids, mixed);
        var theirWarehouse = await client.PostFormAsync("/inventory/products/bulk",
            Form("set-threshold", ("all", "true"), ("Input.Threshold", "9"), ("Input.WarehouseId", other.Warehouse.ToString())), "Apply", formUrl: "/inventory/products");

        onlyTheirs.Status.Should().Be(HttpStatusCode.Redirect);
        withOurs.Status.Should().Be(HttpStatusCode.Redirect);
        theirWarehouse.Status.Should().Be(HttpStatusCode.OK);
        theirWarehouse.ValidationMessages.Should().Contain("Choose a warehouse of this store.");
        (await ThresholdsAsync(shop.Store.TenantId)).Where(t => t.Value == 9).Select(t => t.Key).Should().Equal("TEA-1");
        (await BulkTesting.StateAsync(app, other.Store.TenantId)).Should().BeEquivalentTo(otherBefore);
    }

    private static Task<Page> PostIdsAsync(StoreClient client, string handler, IEnumerable<Guid> ids, Dictionary<string, string> fields)
    {
        // FormUrlEncodedContent takes one value per key: the ids go in the query string, which binds the same way.
        var query = string.Join("&", ids.Select(id => $"ids={id}"));
        return client.PostFormAsync($"/inventory/products/bulk?{query}", fields, handler, formUrl: "/inventory/products");
    }

    public static TheoryData<string, string, string, string> BadInput => new()
    {
        { "set-threshold", "Input.Threshold", "-1", "Low Stock Alert is a whole number from 0 to 1000000." },
        { "set-threshold", "Input.Threshold", "ten", "The value 'ten' is not valid for Low Stock Alert." },
        { "set-threshold", "Input.Threshold", "", "Enter the Low Stock Alert to set." },
        { "set-threshold", "Input.WarehouseId", "not-a-guid", "The value 'not-a-guid' is not valid for Applies to." },
        { "policy", "Input.Policy", "Explode", "Choose an out-of-stock policy." },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_to_the_bulk_form_gets_a_clear_message_and_changes_nothing(string bulk, string field, string value, string message)
    {
        var shop = await ShopAsync("Store A");
        var before = await BulkTesting.StateAsync(app, shop.Store.TenantId);
        using var client = await app.SignInAsync(shop.Store);
        var fields = Form(bulk, ("all", "true"), ("Input.Threshold", "4"), (field, value));

        var preview = await client.PostFormAsync("/inventory/products/bulk", fields, "Preview", formUrl: "/inventory/products");
        var apply = await client.PostFormAsync("/inventory/products/bulk", fields, "Apply", formUrl: "/inventory/products");

        preview.Status.Should().Be(HttpStatusCode.OK);
        apply.Status.Should().Be(HttpStatusCode.OK);
        apply.ValidationMessages.Should().Contain(message);
        (await BulkTesting.StateAsync(app, shop.Store.TenantId)).Should().BeEquivalentTo(before);
    }

    [Theory]
    [InlineData("explode", "all=true")]
    [InlineData("set-threshold", "all=true&status=nonsense")]
    [InlineData("set-threshold", "all=true&warehouse=NOPE")]
    [InlineData("set-threshold", "ids=not-a-guid")]
    public async Task An_unknown_action_or_a_filter_that_makes_no_sense_sends_back_to_the_list_and_changes_nothing(string bulk, string query)
    {
        var shop = await ShopAsync("Store A");
        var before = await BulkTesting.StateAsync(app, shop.Store.TenantId);
        using var client = await app.SignInAsync(shop.Store);

        var response = await client.PostFormAsync($"/inventory/products/bulk?{query}",
            new() { ["bulk"] = bulk, ["Input.Threshold"] = "4" }, "Apply", formUrl: "/inventory/products");

        response.Status.Should().Be(HttpStatusCode.Redirect);
        (await BulkTesting.StateAsync(app, shop.Store.TenantId)).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task The_oversold_filter_lists_products_sold_beyond_their_stock()
    {
        var shop = await ShopAsync("Store A");
        await app.InDbAsync(shop.Store.TenantId, db => db.StockLevels.Where(s => s.ProductId == shop.Coffees[1])
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Reserved, l => l.OnHand + 2)));
        using var client = await app.SignInAsync(shop.Store);

        var page = await client.GetAsync("/inventory/products?status=oversold");

        page.Status.Should().Be(HttpStatusCode.OK);
        page.Text.Should().Contain("COF-2").And.NotContain("COF-1").And.NotContain("TEA-1");
    }

    [Fact]
    public async Task Every_path_records_who_changed_what_and_the_product_page_shows_it()
    {
        var shop = await ShopAsync("Store A");
        using var client = await app.SignInAsync(shop.Store);
        var product = shop.Teas[0];

        // Product page, then bulk, then import, then API.
        var edit = await client.PostFormAsync($"/inventory/products/{product}/edit", new()
        {
            ["Input.Sku"] = "TEA-1", ["Input.Name"] = "TEA-1", ["Input.Settings.LowStockThreshold"] = "2", ["Input.Settings.SeasonalFactor"] = "1",
        });
        await PostIdsAsync(client, "Apply", [product], new() { ["bulk"] = "set-threshold", ["Input.Threshold"] = "3", ["Input.WarehouseId"] = shop.Warehouse.ToString() });
        var import = await app.InStoreAsync(shop.Store.TenantId, services =>
            services.GetRequiredService<ProductImport>().ApplyAsync("sku,sms_alerts\nTEA-1,yes\n"u8.ToArray(), "sms.csv", CancellationToken.None), shop.Store.OwnerId);
        var api = app.ApiClient(await app.CreateApiKeyAsync(shop.Store.TenantId, "Storefront"));
        var patch = await api.SendAsync(HttpMethod.Patch, "/api/v1/products/TEA-1", """{"lowStockThreshold": 4}""");

        edit.Status.Should().Be(HttpStatusCode.Redirect);
        import.Applied.Should().BeTrue();
        patch.Status.Should().Be(HttpStatusCode.OK, patch.Body);
        var changes = await app.InDbAsync(shop.Store.TenantId, db => db.SettingChanges.AsNoTracking()
            .Where(c => c.ProductId == product).OrderBy(c => c.Id).ToListAsync());
        changes.Select(c => (c.Source, c.Field, c.WarehouseId, c.OldValue, c.NewValue)).Should().Equal(
            (ChangeSource.ProductPage, SettingField.LowStockThreshold, (Guid?)null, "1", "2"),
            (ChangeSource.BulkAction, SettingField.LowStockThreshold, shop.Warehouse, null, "3"),
            (ChangeSource.Import, SettingField.SmsAlerts, null, "false", "true"),
            (ChangeSource.Api, SettingField.LowStockThreshold, null, "2", "4"));
        changes.Take(3).Should().OnlyContain(c => c.UserId == shop.Store.OwnerId && c.ApiKeyId == null);
        changes[3].ApiKeyId.Should().NotBeNull();
        changes.Should().OnlyContain(c => c.TenantId == shop.Store.TenantId && c.ChangedAt > DateTimeOffset.UtcNow.AddMinutes(-5));

        var page = await client.GetAsync($"/inventory/products/{product}");
        var rows = page.Document.QuerySelectorAll("#settings-history tbody tr").Select(r => r.TextContent).ToList();
        rows.Should().HaveCount(4);
        rows[0].Should().Contain("API key “Storefront”");
        rows[1].Should().Contain("CSV import");
        rows[2].Should().Contain("CAS").And.Contain("Bulk action");
        rows[3].Should().Contain("Product page");
    }
}
