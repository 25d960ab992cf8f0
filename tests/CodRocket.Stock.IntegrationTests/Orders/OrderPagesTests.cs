using System.Net;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Orders;

public class OrderPagesTests(StockApp app)
{
    private static Dictionary<string, string> Form(Guid warehouse, params (string Sku, string Quantity)[] lines)
    {
        var form = new Dictionary<string, string>
        {
            ["Input.WarehouseId"] = warehouse.ToString(),
            ["Input.CustomerName"] = "Youssef Client",
            ["Input.Phone"] = "+212 661 000 111",
            ["Input.City"] = "Fès",
        };
        for (var i = 0; i < lines.Length; i++)
        {
            form[$"Input.Lines[{i}].Sku"] = lines[i].Sku;
            form[$"Input.Lines[{i}].Quantity"] = lines[i].Quantity;
        }
        return form;
    }

    private Task RenameAsync(Guid tenantId, Guid productId, string name) =>
        app.InDbAsync(tenantId, async db =>
        {
            (await db.Products.SingleAsync(p => p.Id == productId)).Rename(name, DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });

    [Fact]
    public async Task A_line_finds_its_product_by_name_and_a_name_several_products_share_gets_a_clear_message()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await RenameAsync(store.TenantId, await app.AddProductAsync(store.TenantId, "RUG-1", null, (warehouse, 5)), "Berber rug");
        await RenameAsync(store.TenantId, await app.AddProductAsync(store.TenantId, "MAT-1", null, (warehouse, 5)), "Door mat");
        await RenameAsync(store.TenantId, await app.AddProductAsync(store.TenantId, "MAT-2", null, (warehouse, 5)), "Door mat");
        using var client = await app.SignInAsync(store);

        var byName = await client.PostFormAsync("/orders/create", Form(warehouse, ("berber rug", "2")));
        var ambiguous = await client.PostFormAsync("/orders/create", Form(warehouse, ("Door mat", "1")));

        byName.Status.Should().Be(HttpStatusCode.Redirect, string.Join("; ", byName.ValidationMessages));
        (await client.GetAsync(byName.Location!)).Text.Should().Contain("RUG-1");
        ambiguous.Status.Should().Be(HttpStatusCode.OK);
        ambiguous.ValidationMessages.Should().Contain("2 products are named Door mat: choose one from the suggestions, or type its SKU.");
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(1);
    }

    [Fact]
    public async Task Taking_an_order_on_the_form_reserves_stock_and_its_page_moves_it_along()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "RUG-1", null, (warehouse, 5));
        using var client = await app.SignInAsync(store);

        var created = await client.PostFormAsync("/orders/create", Form(warehouse, ("RUG-1", "2"), ("", "")));

        created.Status.Should().Be(HttpStatusCode.Redirect);
        var page = await client.GetAsync(created.Location!);
        page.Text.Should().Contain("Youssef Client").And.Contain("RUG-1").And.Contain("its stock is reserved");
        (await app.LevelAsync(store.TenantId, product, warehouse)).Should().Be(new StockLevelRow(5, 2));
        var confirm = await client.PostFormAsync($"{created.Location}?to=Confirmed", new(), handler: "Move", formUrl: created.Location);
        confirm.Status.Should().Be(HttpStatusCode.Redirect);
        (await client.GetAsync(created.Location!)).Document.QuerySelector("[data-testid=order-status]")!.TextContent.Should().Be("Confirmed");
        (await client.GetAsync("/orders")).Text.Should().Contain("Youssef Client");
        (await client.GetAsync("/orders?status=Cancelled")).Text.Should().NotContain("Youssef Client");
    }

    [Fact]
    public async Task Block_refusal_and_warning_are_shown_on_the_form()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "BLOCKED", null, (warehouse, 1));
        var warned = await app.AddProductAsync(store.TenantId, "WARNED", null, (warehouse, 1));
        await app.SetPolicyAsync(store.TenantId, warned, OutOfStockPolicy.Warn);
        using var client = await app.SignInAsync(store);

        var refused = await client.PostFormAsync("/orders/create", Form(warehouse, ("BLOCKED", "3")));
        var warning = await client.PostFormAsync("/orders/create", Form(warehouse, ("WARNED", "3")));

        refused.Status.Should().Be(HttpStatusCode.OK);
        refused.Document.QuerySelector("[data-testid=shortages]")!.TextContent.Should().Contain("BLOCKED").And.Contain("3 wanted, 1 available");
        refused.ValidationMessages.Should().Contain("Not enough stock: this order was not taken and nothing was reserved.");
        warning.Document.QuerySelector("[data-testid=shortages]")!.TextContent.Should().Contain("Take the order anyway");
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(0);

        var fields = Form(warehouse, ("WARNED", "3"));
        fields["Input.AcknowledgeShortages"] = "true";
        (await client.PostFormAsync("/orders/create", fields)).Status.Should().Be(HttpStatusCode.Redirect);
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(1);
    }

    public static TheoryData<string, string, string> BadLines => new()
    {
        { "RUG-1", "0", "Quantity is a whole number from 1 to 10000." },
        { "RUG-1", "-2", "Quantity is a whole number from 1 to 10000." },
        { "RUG-1", "abc", "The value 'abc' is not valid for Quantity." },
        { "RUG-1", "99999999999", "The value '99999999999' is not valid for Quantity." },
        { "GHOST", "1", "No product has the SKU GHOST." },
        { "<script>", "1", "No product has the SKU <script>." },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task A_bad_line_on_the_form_shows_a_message_and_stores_nothing(string sku, string quantity, string message)
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "RUG-1", null, (warehouse, 5));
        using var client = await app.SignInAsync(store);

        var page = await client.PostFormAsync("/orders/create", Form(warehouse, (sku, quantity)));

        page.Status.Should().Be(HttpStatusCode.OK);
        page.ValidationMessages.Should().Contain(message);
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(0);
        (await app.LevelAsync(store.TenantId, product, warehouse)).Should().Be(new StockLevelRow(5, 0));
    }

    [Fact]
    public async Task An_empty_order_a_duplicate_line_and_a_missing_customer_are_refused_with_messages()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "RUG-1", null, (warehouse, 5));
        using var client = await app.SignInAsync(store);

        var empty = await client.PostFormAsync("/orders/create", Form(warehouse, ("", "")));
        var duplicate = await client.PostFormAsync("/orders/create", Form(warehouse, ("RUG-1", "1"), ("RUG-1", "1")));
        var noCustomer = Form(warehouse, ("RUG-1", "1"));
        noCustomer["Input.CustomerName"] = "";
        var missing = await client.PostFormAsync("/orders/create", noCustomer);

        empty.ValidationMessages.Should().Contain("Add at least one product.");
        duplicate.ValidationMessages.Should().Contain("RUG-1 is already on another line: change that line's quantity instead.");
        missing.ValidationMessages.Should().Contain("Enter the customer's name.");
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Another_stores_order_is_not_found_and_cannot_be_moved()
    {
        var other = await app.CreateStoreAsync();
        var theirWarehouse = await app.AddWarehouseAsync(other.TenantId, "THEIRS");
        await app.AddProductAsync(other.TenantId, "THEIRS-1", null, (theirWarehouse, 5));
        var theirs = ((PlaceOrderResult.Placed)await app.PlaceOrderAsync(other.TenantId, OrderSeeding.Draft(theirWarehouse, ("THEIRS-1", 1)))).Order;
        var store = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(store);

        (await client.GetAsync($"/orders/{theirs.Id}")).Status.Should().Be(HttpStatusCode.NotFound);
        (await client.PostFormAsync($"/orders/{theirs.Id}?to=Cancelled", new() { ["confirmed"] = "true" }, handler: "Move", formUrl: "/orders/create")).Status.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/orders")).Text.Should().NotContain("THEIRS");
        (await client.PostFormAsync("/orders/create", Form(theirWarehouse, ("THEIRS-1", "1")))).ValidationMessages.Should().Contain("Choose an active warehouse.");
        (await app.InDbAsync(other.TenantId, db => db.Orders.SingleAsync(o => o.Id == theirs.Id))).Status.Should().Be(OrderStatus.New);
    }

    [Fact]
    public async Task The_dashboard_counts_orders_on_backorder_and_oversold_products()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var backordered = await app.AddProductAsync(store.TenantId, "BO-1", null, (warehouse, 1));
        var oversold = await app.AddProductAsync(store.TenantId, "OS-1", null, (warehouse, 1));
        await app.SetPolicyAsync(store.TenantId, backordered, OutOfStockPolicy.Backorder);
        await app.SetPolicyAsync(store.TenantId, oversold, OutOfStockPolicy.Warn);
        await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, ("BO-1", 3)));
        await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, ("OS-1", 4)), acknowledge: true);
        using var client = await app.SignInAsync(store);

        var dashboard = await client.GetAsync("/");

        dashboard.Document.QuerySelector("[data-testid=backordered-orders] .stat-value")!.TextContent.Should().Be("1");
        dashboard.Document.QuerySelector("[data-testid=oversold-products] .stat-value")!.TextContent.Should().Be("1");
    }
}
