using System.Net;
using CodRocket.Stock.Api;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>
/// Request bodies bound by the framework and validated by ASP.NET Core's validation still answer the API's own 400s:
/// fields named as the client wrote them at any depth, PATCH telling a null from a field left out (Optional).
/// </summary>
public class ApiTypedBodyTests(StockApp app)
{
    private const string Customer = """{"name":"A","phone":"0612345678","city":"Fes"}""";

    private static string Message(ApiResponse response, string field) => response.Json["errors"]![field]![0]!.GetValue<string>();

    [Fact]
    public async Task A_patch_tells_a_null_from_a_field_left_out()
    {
        var (store, client) = await app.ApiStoreAsync();
        await app.AddProductAsync(store.TenantId, "SKU-1", threshold: 3);
        (await client.SendAsync(HttpMethod.Patch, "/api/v1/products/SKU-1", """{"price":12.5,"leadTimeDays":4}""")).Status.Should().Be(HttpStatusCode.OK);

        var renamed = await client.SendAsync(HttpMethod.Patch, "/api/v1/products/SKU-1", """{"name":"Renamed"}""");
        var cleared = await client.SendAsync(HttpMethod.Patch, "/api/v1/products/SKU-1", """{"lowStockThreshold":null,"price":null}""");

        renamed.Status.Should().Be(HttpStatusCode.OK, renamed.ToString());
        renamed.Json["lowStockThreshold"]!.GetValue<int>().Should().Be(3, "a field left out is left alone");
        renamed.Json["price"]!.GetValue<decimal>().Should().Be(12.5m);
        cleared.Status.Should().Be(HttpStatusCode.OK, cleared.ToString());
        cleared.Json["lowStockThreshold"].Should().BeNull("null clears the threshold");
        cleared.Json["price"].Should().BeNull("null clears the price");
        cleared.Json["leadTimeDays"]!.GetValue<int>().Should().Be(4);
        var product = await app.InDbAsync(store.TenantId, db => db.Products.SingleAsync());
        (product.Name, product.LowStockThreshold, product.Price, product.LeadTimeDays).Should().Be(("Renamed", (int?)null, (decimal?)null, (int?)4));
    }

    [Fact]
    public async Task A_patch_refuses_null_for_a_field_that_has_no_empty_value()
    {
        var (store, client) = await app.ApiStoreAsync();
        await app.AddProductAsync(store.TenantId, "SKU-1", threshold: 3);

        var response = await client.SendAsync(HttpMethod.Patch, "/api/v1/products/SKU-1", """{"name":null,"seasonalFactor":null}""");

        response.Status.Should().Be(HttpStatusCode.BadRequest, response.ToString());
        response.Json["title"]!.GetValue<string>().Should().Be("The request is not valid.");
        response.Json["detail"]!.GetValue<string>().Should().Be("Correct the fields listed in errors.");
        Message(response, "name").Should().Be("name is required.");
        Message(response, "seasonalFactor").Should().Be("seasonalFactor is required.");
    }

    [Fact]
    public async Task A_threshold_must_be_sent_but_null_clears_it()
    {
        var (store, client) = await app.ApiStoreAsync();
        await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "SKU-1");

        var set = await client.SendAsync(HttpMethod.Put, "/api/v1/products/SKU-1/warehouses/CAS/threshold", """{"lowStockThreshold":7}""");
        var cleared = await client.SendAsync(HttpMethod.Put, "/api/v1/products/SKU-1/warehouses/CAS/threshold", """{"lowStockThreshold":null}""");
        var missing = await client.SendAsync(HttpMethod.Put, "/api/v1/products/SKU-1/warehouses/CAS/threshold", "{}");

        set.Json["lowStockThreshold"]!.GetValue<int>().Should().Be(7, set.ToString());
        cleared.Status.Should().Be(HttpStatusCode.OK, cleared.ToString());
        cleared.Json["lowStockThreshold"].Should().BeNull();
        missing.Status.Should().Be(HttpStatusCode.BadRequest);
        Message(missing, "lowStockThreshold").Should().Be("lowStockThreshold is required (null clears the warehouse threshold).");
    }

    [Fact]
    public async Task A_webhook_patch_refuses_a_null_active()
    {
        var (_, client) = await app.ApiStoreAsync(scopes: ApiKeyScopes.Every);

        var response = await client.SendAsync(HttpMethod.Patch, $"/api/v1/webhooks/{Guid.NewGuid()}", """{"active":null}""");

        response.Status.Should().Be(HttpStatusCode.BadRequest, response.ToString());
        Message(response, "active").Should().Be("active is true or false.");
    }

    [Fact]
    public async Task An_unknown_field_on_a_nested_line_is_named_with_its_path()
    {
        var (store, client) = await app.ApiStoreAsync();
        await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "SKU-1");

        var response = await client.PostJsonAsync("/api/v1/orders",
            $$"""{"warehouse":"CAS","customer":{{Customer}},"lines":[{"sku":"SKU-1","quantity":1},{"sku":"SKU-1","quantity":1,"colour":"red"}]}""");

        response.Status.Should().Be(HttpStatusCode.BadRequest, response.ToString());
        response.MediaType.Should().Be("application/problem+json");
        Message(response, "lines[1].colour").Should().Be("lines[1].colour is not a field of this request.");
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task A_wrong_type_deep_in_a_batch_names_the_movement()
    {
        var (store, client) = await app.ApiStoreAsync();
        await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "SKU-1");
        var good = """{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":1}""";

        var response = await client.PostJsonAsync("/api/v1/stock/movements/batch",
            $$"""{"movements":[{{good}},{{good}},{{good}},{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":"five"}]}""");

        response.Status.Should().Be(HttpStatusCode.BadRequest, response.ToString());
        Message(response, "movements[3].quantity").Should().Be("movements[3].quantity must be a whole number or null.");
        (await app.InDbAsync(store.TenantId, db => db.StockMovements.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Rules_deep_in_a_batch_name_each_movement()
    {
        var (store, client) = await app.ApiStoreAsync();
        await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "SKU-1");

        var response = await client.PostJsonAsync("/api/v1/stock/movements/batch", """
            {"movements":[
              {"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":1},
              {"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":1000001},
              {"warehouse":"CAS","type":"receipt","quantity":1}]}
            """);
        var rule = await client.PostJsonAsync("/api/v1/stock/movements/batch", """
            {"movements":[{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":0},{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":1,"toWarehouse":"CAS"}]}
            """);

        response.Status.Should().Be(HttpStatusCode.BadRequest, response.ToString());
        Message(response, "movements[1].quantity").Should().Be("movements[1].quantity is a whole number from 0 to 1,000,000.");
        Message(response, "movements[2].sku").Should().Be("movements[2].sku is required.");
        rule.Status.Should().Be(HttpStatusCode.BadRequest, rule.ToString());
        Message(rule, "movements[0].quantity").Should().Be("movements[0].quantity is a whole number from 1 to 1,000,000.");
        Message(rule, "movements[1].toWarehouse").Should().Be("movements[1].toWarehouse is only for transfers.");
        (await app.InDbAsync(store.TenantId, db => db.StockMovements.CountAsync())).Should().Be(0);
    }

    [Theory]
    [InlineData("""{"warehouse":"CAS","customer":{"name":"A","phone":"0612345678","city":"Fes"},"lines":[{"sku":"SKU-1","quantity":1},{"sku":"SKU\u0000","quantity":1}]}""",
        "lines[1].sku", "lines[1].sku holds a control character (such as NUL); send text only.")]
    [InlineData("""{"warehouse":"CAS","customer":{"name":"A","phone":"0612345678","city":"Fes","City":"Rabat"},"lines":[{"sku":"SKU-1","quantity":1}]}""",
        "customer.City", "customer.City is sent more than once; send each field once.")]
    [InlineData("""{"warehouse":"CAS",""", "body", "The body is not valid JSON (line 1, byte 19).")]
    [InlineData("""{"warehouse":"CAS","customer":5,"lines":[]}""", "customer", "customer must be an object or null.")]
    public async Task Hostile_or_malformed_bodies_are_refused_before_binding(string body, string field, string message)
    {
        var (store, client) = await app.ApiStoreAsync();
        await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "SKU-1");

        var response = await client.PostJsonAsync("/api/v1/orders", body);

        response.Status.Should().Be(HttpStatusCode.BadRequest, response.ToString());
        response.MediaType.Should().Be("application/problem+json");
        Message(response, field).Should().Be(message);
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Patch_fields_show_in_the_document_as_the_type_they_carry_optional_and_nullable_where_null_means_something()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(
            await app.CreateClient().GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative), TestContext.Current.CancellationToken))!;
        var product = document["components"]!["schemas"]!["ProductPatchRequest"]!["properties"]!;
        var warehouse = document["components"]!["schemas"]!["WarehousePatchRequest"]!["properties"]!;
        var webhook = document["components"]!["schemas"]!["WebhookRequest"]!["properties"]!;
        static string[] Types(System.Text.Json.Nodes.JsonNode field) =>
            field["type"] is System.Text.Json.Nodes.JsonArray many ? [.. many.Select(t => t!.GetValue<string>())] : [field["type"]!.GetValue<string>()];

        Types(product["name"]!).Should().Equal("string");
        product["name"]!["maxLength"]!.GetValue<int>().Should().Be(200);
        Types(product["lowStockThreshold"]!).Should().BeEquivalentTo("null", "integer");
        product["lowStockThreshold"]!["maximum"]!.GetValue<int>().Should().Be(1_000_000);
        Types(product["smsAlerts"]!).Should().Equal("boolean");
        product["outOfStockPolicy"]!["oneOf"]![1]!["$ref"]!.GetValue<string>().Should().Be("#/components/schemas/OutOfStockPolicy");
        Types(product["price"]!).Should().BeEquivalentTo("null", "number");
        Types(warehouse["city"]!).Should().BeEquivalentTo("null", "string");
        Types(warehouse["code"]!).Should().Equal("string");
        Types(webhook["products"]!).Should().BeEquivalentTo("null", "array");
        webhook["products"]!["items"]!["type"]!.GetValue<string>().Should().Be("string");
    }
}
