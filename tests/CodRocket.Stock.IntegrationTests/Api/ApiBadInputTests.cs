using System.Net;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>I6 through the API: bad input answers 400 problem details naming the field, never a 500, and changes nothing.</summary>
public class ApiBadInputTests(StockApp app)
{
    private const string Huge = "99999999999999999999";

    public static TheoryData<string, string, string> BadMovements => new()
    {
        { """{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":5""", "body", "malformed JSON" },
        { """[1,2,3]""", "body", "not an object" },
        { """{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":"5"}""", "quantity", "a string for a number" },
        { """{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":2.5}""", "quantity", "a fraction" },
        { $$"""{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":{{Huge}}}""", "quantity", "an overflow" },
        { """{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":0}""", "quantity", "zero received" },
        { """{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":1000001}""", "quantity", "above the limit" },
        { """{"sku":"SKU-1","warehouse":"CAS","type":"adjustment","quantity":-1}""", "quantity", "a negative count" },
        { """{"sku":"SKU-1","warehouse":"CAS","type":"teleport","quantity":5}""", "type", "an unknown enum value" },
        { """{"sku":"SKU-1","warehouse":"CAS","type":3,"quantity":5}""", "type", "an enum as a number" },
        { """{"sku":"SKU-1","warehouse":"CAS","quantity":5}""", "type", "a missing type" },
        { """{"warehouse":"CAS","type":"receipt","quantity":5}""", "sku", "a missing sku" },
        { """{"sku":"SKU-1","warehouse":"CAS","type":"transfer","quantity":5}""", "toWarehouse", "a transfer without destination" },
        { """{"sku":"SKU-1","warehouse":"CAS","type":"transfer","quantity":5,"toWarehouse":"cas"}""", "toWarehouse", "a transfer to itself" },
        { """{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":5,"toWarehouse":"RAK"}""", "toWarehouse", "a destination for a receipt" },
        { """{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":5,"qty":5}""", "qty", "an unknown field" },
        { """{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":1,"quantity":999}""", "quantity", "a duplicated field" },
        { """{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":1,"Quantity":999}""", "Quantity", "a field duplicated across case" },
        { $$"""{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":5,"note":"{{new string('n', 501)}}"}""", "note", "a long note" },
    };

    [Theory]
    [MemberData(nameof(BadMovements))]
    public async Task A_bad_movement_answers_400_naming_the_field_and_moves_no_stock(string body, string field, string because)
    {
        var (store, client) = await app.ApiStoreAsync();
        await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddWarehouseAsync(store.TenantId, "RAK");
        await app.AddProductAsync(store.TenantId, "SKU-1");

        var response = await client.PostJsonAsync("/api/v1/stock/movements", body);

        response.Status.Should().Be(HttpStatusCode.BadRequest, $"{because}: {response}");
        response.MediaType.Should().Be("application/problem+json");
        response.ErrorFields.Should().Contain(field, because);
        (await app.InDbAsync(store.TenantId, db => db.StockMovements.CountAsync())).Should().Be(0);
    }

    public static TheoryData<string, string> BadProductPatches => new()
    {
        { """{"lowStockThreshold":-1}""", "lowStockThreshold" },
        { $$"""{"lowStockThreshold":{{Huge}}}""", "lowStockThreshold" },
        { """{"lowStockThreshold":1000001}""", "lowStockThreshold" },
        { """{"lowStockThreshold":"ten"}""", "lowStockThreshold" },
        { """{"outOfStockPolicy":"teleport"}""", "outOfStockPolicy" },
        { """{"smsAlerts":"yes"}""", "smsAlerts" },
        { """{"smsAlerts":null}""", "smsAlerts" },
        { """{"leadTimeDays":366}""", "leadTimeDays" },
        { """{"safetyStock":-5}""", "safetyStock" },
        { """{"seasonalFactor":0}""", "seasonalFactor" },
        { """{"seasonalFactor":10.5}""", "seasonalFactor" },
        { """{"seasonalFactor":9.9999}""", "seasonalFactor" },
        { """{"seasonalFactor":1.2345}""", "seasonalFactor" },
        { """{"name":"A","NAME":"B"}""", "NAME" },
        { """{"name":""}""", "name" },
        { $$"""{"name":"{{new string('n', 201)}}"}""", "name" },
        { """{"sku":"RENAMED"}""", "sku" },
    };

    [Theory]
    [MemberData(nameof(BadProductPatches))]
    public async Task A_bad_product_setting_answers_400_naming_the_field_and_changes_nothing(string body, string field)
    {
        var (store, client) = await app.ApiStoreAsync();
        await app.AddProductAsync(store.TenantId, "SKU-1", threshold: 3);

        var response = await client.SendAsync(HttpMethod.Patch, "/api/v1/products/SKU-1", body);

        response.Status.Should().Be(HttpStatusCode.BadRequest, response.ToString());
        response.MediaType.Should().Be("application/problem+json");
        response.ErrorFields.Should().Contain(field);
        var product = await app.InDbAsync(store.TenantId, db => db.Products.SingleAsync());
        (product.Name, product.LowStockThreshold, product.SmsAlerts).Should().Be(("Product SKU-1", 3, false));
    }

    public static TheoryData<string, string, string?, string> BadRequests => new()
    {
        { "POST", "/api/v1/products", """{"name":"No SKU"}""", "sku" },
        { "POST", "/api/v1/products", $$"""{"sku":"{{new string('s', 65)}}","name":"Long"}""", "sku" },
        { "POST", "/api/v1/warehouses", """{"code":"<b>","name":"Bad"}""", "code" },
        { "POST", "/api/v1/warehouses", """{"code":"ABCDEFGHIJKLMNOPQ","name":"Long"}""", "code" },
        { "PATCH", "/api/v1/warehouses/CAS", """{"active":"no"}""", "active" },
        { "PUT", "/api/v1/products/SKU-1/warehouses/CAS/threshold", "{}", "lowStockThreshold" },
        { "PUT", "/api/v1/products/SKU-1/warehouses/CAS/threshold", """{"lowStockThreshold":-2}""", "lowStockThreshold" },
        { "GET", "/api/v1/products?page=abc", null, "page" },
        { "GET", "/api/v1/products?page=0", null, "page" },
        { "GET", "/api/v1/products?pageSize=1000", null, "pageSize" },
        { "GET", "/api/v1/products?status=empty", null, "status" },
        { "GET", "/api/v1/products?archived=maybe", null, "archived" },
        { "GET", "/api/v1/stock?page=-1", null, "page" },
        { "GET", "/api/v1/alerts?status=closed", null, "status" },
        { "POST", "/api/v1/stock/movements", null, "Idempotency-Key" },
        { "POST", "/api/v1/orders", "{}", "warehouse" },
        { "POST", "/api/v1/orders", """{"warehouse":"CAS","customer":{"name":"A","phone":"call me maybe","city":"Fes"},"lines":[{"sku":"SKU-1","quantity":1}]}""", "customer.phone" },
        { "POST", "/api/v1/orders", """{"warehouse":"CAS","customer":{"name":"A","phone":"0612","city":"Fes"},"lines":[{"sku":"SKU-1","quantity":1}]}""", "customer.phone" },
        { "POST", "/api/v1/orders", """{"warehouse":"CAS","customer":{"name":"A","phone":"0612345678","Phone":"0699999999","city":"Fes"},"lines":[{"sku":"SKU-1","quantity":1}]}""", "customer.Phone" },
        { "POST", "/api/v1/orders", """{"warehouse":"CAS","customer":{"name":"A","phone":"0612345678","city":"Fes"},"lines":[]}""", "lines" },
        { "POST", "/api/v1/orders", """{"warehouse":"CAS","customer":{"phone":"0612345678","city":"Fes"},"lines":[{"sku":"SKU-1","quantity":1}]}""", "customer.name" },
        { "POST", "/api/v1/orders", """{"warehouse":"CAS","customer":{"name":"A","phone":"0612345678","city":"Fes"},"lines":[{"sku":"SKU-1","quantity":0}]}""", "lines[0].quantity" },
        { "POST", "/api/v1/orders", """{"warehouse":"CAS","customer":{"name":"A","phone":"0612345678","city":"Fes"},"lines":[{"sku":"SKU-1","quantity":-3}]}""", "lines[0].quantity" },
        { "POST", "/api/v1/orders", """{"warehouse":"CAS","customer":{"name":"A","phone":"0612345678","city":"Fes"},"lines":[{"sku":"NOPE","quantity":1}]}""", "lines[0].sku" },
        { "POST", "/api/v1/orders", """{"warehouse":"CAS","customer":{"name":"A","phone":"0612345678","city":"Fes"},"lines":[{"sku":"SKU-1","quantity":1},{"sku":"SKU-1","quantity":2}]}""", "lines[1].sku" },
        { "POST", "/api/v1/orders", """{"warehouse":"CAS","customer":{"name":"A","phone":"0612345678","city":"Fes"},"lines":[{"sku":"SKU-1","quantity":"2"}]}""", "lines[0].quantity" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_requests_answer_400_problem_details_naming_the_field(string method, string url, string? body, string field)
    {
        var (store, client) = await app.ApiStoreAsync();
        await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "SKU-1");

        var response = field == "Idempotency-Key"
            ? await client.PostJsonAsync(url, "{}", new string('k', 300))
            : await client.SendAsync(new HttpMethod(method), url, body);

        response.Status.Should().Be(HttpStatusCode.BadRequest, response.ToString());
        response.MediaType.Should().Be("application/problem+json");
        response.ErrorFields.Should().Contain(field);
    }

    [Theory]
    [InlineData("/api/v1/products/NOPE")]
    [InlineData("/api/v1/warehouses/NOPE")]
    [InlineData("/api/v1/stock?sku=NOPE")]
    [InlineData("/api/v1/alerts/00000000-0000-0000-0000-000000000000/acknowledge")]
    [InlineData("/api/v1/alerts/not-a-guid/acknowledge")]
    [InlineData("/api/v1/orders/00000000-0000-0000-0000-000000000000")]
    [InlineData("/api/v1/no-such-thing")]
    public async Task Unknown_things_answer_404_problem_details(string url)
    {
        var (_, client) = await app.ApiStoreAsync();

        var response = await client.SendAsync(url.EndsWith("acknowledge", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get, url);

        response.Status.Should().Be(HttpStatusCode.NotFound, response.ToString());
        response.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task A_body_that_is_not_json_answers_415_and_a_huge_body_413()
    {
        var (_, client) = await app.ApiStoreAsync();
        using var form = new FormUrlEncodedContent([new("sku", "x")]);
        using var big = new StringContent($$"""{"name":"{{new string('x', 100_000)}}"}""", System.Text.Encoding.UTF8, "application/json");

        using var formResponse = await client.PostAsync(new Uri("/api/v1/products", UriKind.Relative), form, TestContext.Current.CancellationToken);
        using var bigResponse = await client.PostAsync(new Uri("/api/v1/products", UriKind.Relative), big, TestContext.Current.CancellationToken);

        formResponse.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        bigResponse.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        bigResponse.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }
}
