using System.Net;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Validation;

/// <summary>I6: bad input gets a clear message, never a 500, and changes nothing.</summary>
public class BadInputTests(StockApp app)
{
    private const string Script = "<script>alert(1)</script>";
    private const string Huge = "99999999999999999999";

    private static Dictionary<string, string> ValidProduct() => new()
    {
        ["Input.Sku"] = "NEW-1",
        ["Input.Name"] = "New product",
        ["Input.Settings.LowStockThreshold"] = "10",
        ["Input.Settings.LeadTimeDays"] = "3",
        ["Input.Settings.SafetyStock"] = "5",
        ["Input.Settings.SeasonalFactor"] = "1",
    };

    public static TheoryData<string, string> BadProductFields => new()
    {
        { "Input.Sku", "" },
        { "Input.Sku", new string('S', 65) },
        { "Input.Sku", " padded" },
        { "Input.Name", "" },
        { "Input.Name", new string('N', 201) },
        { "Input.Settings.LowStockThreshold", "-1" },
        { "Input.Settings.LowStockThreshold", "abc" },
        { "Input.Settings.LowStockThreshold", Huge },
        { "Input.Settings.LowStockThreshold", "1000001" },
        { "Input.Settings.LowStockThreshold", "2.5" },
        { "Input.Settings.LowStockThreshold", Script },
        { "Input.Settings.LeadTimeDays", "-3" },
        { "Input.Settings.LeadTimeDays", "400" },
        { "Input.Settings.SafetyStock", "-1" },
        { "Input.Settings.SeasonalFactor", "0" },
        { "Input.Settings.SeasonalFactor", "abc" },
        { "Input.Settings.SeasonalFactor", "11" },
        { "Input.Settings.SeasonalFactor", "" },
        { "Input.Settings.SeasonalFactor", "9.9999" },
        { "Input.Settings.OutOfStockPolicy", "Teleport" },
    };

    [Theory]
    [MemberData(nameof(BadProductFields))]
    public async Task A_bad_product_field_shows_a_message_and_stores_nothing(string field, string value)
    {
        var store = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(store);
        var fields = ValidProduct();
        fields[field] = value;

        var page = await client.PostFormAsync("/inventory/products/create", fields);

        page.Status.Should().Be(HttpStatusCode.OK);
        page.ValidationMessages.Should().NotBeEmpty();
        page.Document.QuerySelector(".field-validation-error")!.TextContent.Should().NotBeNullOrWhiteSpace();
        (await app.InDbAsync(store.TenantId, db => db.Products.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task A_valid_product_is_created_and_a_script_in_its_name_renders_escaped()
    {
        var store = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(store);
        var fields = ValidProduct();
        fields["Input.Name"] = Script;

        var created = await client.PostFormAsync("/inventory/products/create", fields);
        var details = await client.Http.GetStringAsync(new Uri(created.Location!, UriKind.Relative), TestContext.Current.CancellationToken);
        var list = await client.Http.GetStringAsync(new Uri("/inventory/products", UriKind.Relative), TestContext.Current.CancellationToken);

        created.Status.Should().Be(HttpStatusCode.Redirect);
        details.Should().NotContain(Script).And.Contain("&lt;script&gt;alert(1)&lt;/script&gt;");
        list.Should().NotContain(Script);
    }

    [Fact]
    public async Task A_duplicate_sku_is_refused_with_a_message()
    {
        var store = await app.CreateStoreAsync();
        await app.AddProductAsync(store.TenantId, "NEW-1");
        using var client = await app.SignInAsync(store);

        var page = await client.PostFormAsync("/inventory/products/create", ValidProduct());

        page.Status.Should().Be(HttpStatusCode.OK);
        page.ValidationMessages.Should().Contain("Another product already uses the SKU NEW-1.");
        (await app.InDbAsync(store.TenantId, db => db.Products.CountAsync())).Should().Be(1);
    }

    public static TheoryData<string, string, string> BadWarehouseFields => new()
    {
        { "Input.Code", "", "Enter a code." },
        { "Input.Code", "<b>x</b>", "Use letters, digits, - and _ only." },
        { "Input.Code", Script, "Code has at most 16 characters." },
        { "Input.Code", "ABCDEFGHIJKLMNOPQ", "Code has at most 16 characters." },
        { "Input.Name", "", "Enter a name." },
        { "Input.City", new string('c', 121), "City has at most 120 characters." },
    };

    [Theory]
    [MemberData(nameof(BadWarehouseFields))]
    public async Task A_bad_warehouse_field_shows_a_message_and_stores_nothing(string field, string value, string message)
    {
        var store = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(store);
        var fields = new Dictionary<string, string> { ["Input.Code"] = "CAS", ["Input.Name"] = "Casablanca", ["Input.City"] = "Casablanca" };
        fields[field] = value;

        var page = await client.PostFormAsync("/warehouses/create", fields);

        page.Status.Should().Be(HttpStatusCode.OK);
        page.ValidationMessages.Should().Contain(message);
        (await app.InDbAsync(store.TenantId, db => db.Warehouses.CountAsync())).Should().Be(0);
    }

    public static TheoryData<string, string, string> BadStockActions => new()
    {
        { "receive", "Input.Quantity", "" },
        { "receive", "Input.Quantity", "0" },
        { "receive", "Input.Quantity", "-5" },
        { "receive", "Input.Quantity", "abc" },
        { "receive", "Input.Quantity", Huge },
        { "receive", "Input.Quantity", Script },
        { "receive", "Input.WarehouseId", "" },
        { "receive", "Input.WarehouseId", "not-a-guid" },
        { "receive", "Input.Note", new string('n', 501) },
        { "adjust", "Input.CountedQuantity", "-1" },
        { "adjust", "Input.CountedQuantity", "abc" },
        { "adjust", "Input.CountedQuantity", Huge },
        { "adjust", "Input.Reason", "Nonsense" },
        { "transfer", "Input.Quantity", "0" },
        { "transfer", "Input.Quantity", "11" },
        { "transfer", "Input.ToWarehouseId", "" },
        { "transfer", "Input.ToWarehouseId", "same" },
    };

    [Theory]
    [MemberData(nameof(BadStockActions))]
    public async Task A_bad_stock_action_shows_a_message_and_moves_no_stock(string action, string field, string value)
    {
        var store = await app.CreateStoreAsync();
        var casablanca = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var tangier = await app.AddWarehouseAsync(store.TenantId, "TNG");
        var product = await app.AddProductAsync(store.TenantId, "SKU-1");
        await app.ApplyAsync(store.TenantId, StockChange.Receive(product, casablanca, 10));
        using var client = await app.SignInAsync(store);
        var fields = action switch
        {
            "receive" => new Dictionary<string, string> { ["Input.WarehouseId"] = casablanca.ToString(), ["Input.Quantity"] = "3" },
            "adjust" => new Dictionary<string, string> { ["Input.WarehouseId"] = casablanca.ToString(), ["Input.CountedQuantity"] = "4", ["Input.Reason"] = "Count" },
            _ => new Dictionary<string, string> { ["Input.FromWarehouseId"] = casablanca.ToString(), ["Input.ToWarehouseId"] = tangier.ToString(), ["Input.Quantity"] = "2" },
        };
        fields[field] = value == "same" ? casablanca.ToString() : value;

        var page = await client.PostFormAsync($"/inventory/products/{product}/{action}", fields);

        page.Status.Should().Be(HttpStatusCode.OK);
        page.ValidationMessages.Should().NotBeEmpty();
        (await app.InDbAsync(store.TenantId, db => db.StockMovements.CountAsync())).Should().Be(1);
        (await app.LevelAsync(store.TenantId, product, casablanca)).Should().Be(new StockLevelRow(10, 0));
    }

    public static TheoryData<string, string> BadSettings => new()
    {
        { "Input.Name", "" },
        { "Input.DefaultLowStockThreshold", "-1" },
        { "Input.DefaultLowStockThreshold", Script },
        { "Input.VelocityWindowDays", "3" },
        { "Input.VelocityWindowDays", "abc" },
        { "Input.TimeZone", "Mars/Olympus" },
        { "Input.Language", "xx" },
        { "Input.DefaultOutOfStockPolicy", "Whatever" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_store_setting_shows_a_message_and_changes_nothing(string field, string value)
    {
        var store = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(store);
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = "Renamed",
            ["Input.DefaultLowStockThreshold"] = "7",
            ["Input.DefaultOutOfStockPolicy"] = "Warn",
            ["Input.VelocityWindowDays"] = "14",
            ["Input.TimeZone"] = "Africa/Casablanca",
            ["Input.Language"] = "en",
        };
        fields[field] = value;

        var page = await client.PostFormAsync("/settings", fields);

        page.Status.Should().Be(HttpStatusCode.OK);
        page.ValidationMessages.Should().NotBeEmpty();
        var saved = await app.InDbAsync(store.TenantId, db => db.CurrentTenantAsync(CancellationToken.None));
        saved.Name.Should().Be(store.Name);
        saved.DefaultLowStockThreshold.Should().BeNull();
    }

    [Theory]
    [InlineData("/inventory/products?p=abc")]
    [InlineData("/inventory/products?p=-5")]
    [InlineData("/inventory/products?p=999999999999")]
    [InlineData("/inventory/products?archived=maybe")]
    [InlineData("/inventory/products?q=%3Cscript%3E%25_%5C")]
    [InlineData("/inventory/products/00000000-0000-0000-0000-000000000000/transfer")]
    [InlineData("/inventory/products/not-a-guid")]
    [InlineData("/warehouses/not-a-guid/edit")]
    public async Task Odd_query_strings_and_ids_answer_without_a_server_error(string url)
    {
        var store = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(store);

        var page = await client.GetAsync(url);

        ((int)page.Status).Should().BeLessThan(500);
    }
}
