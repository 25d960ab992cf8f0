using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CodRocket.Stock.Api;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>
/// The OpenAPI document tells the truth: a representative request to every operation of the document (a new operation
/// without one here fails), successes and refusals, each answer validated against the document (status, body, headers).
/// </summary>
public class ApiDocumentTests(StockApp app)
{
    private static readonly string Customer = """{"name":"Salma Bennani","phone":"+212 661 000 111","city":"Casablanca"}""";

    [Fact]
    public async Task Every_operation_answers_as_the_document_says()
    {
        var validator = new ApiDocumentValidator(await DocumentAsync());
        var scenario = await RunScenarioAsync(app);

        var missing = validator.Operations.Where(o => o.Id is null || scenario.All(e => e.OperationId != o.Id)).Select(o => o.ToString());
        missing.Should().BeEmpty("every operation of the document needs a representative request in this test");
        var problems = scenario.SelectMany(validator.Check).ToList();
        problems.Should().BeEmpty();
        // The refusals this test meant to provoke did happen (so their validation above was not vacuous).
        scenario.Select(e => (int)e.Status).Distinct().Should().Contain([200, 201, 400, 401, 403, 404, 409, 413, 415, 422]);
        scenario.Should().Contain(e => e.Headers.ContainsKey("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Every_operation_has_an_id_a_summary_and_the_errors_the_pipeline_answers_with()
    {
        var validator = new ApiDocumentValidator(await DocumentAsync());

        validator.Operations.Should().NotBeEmpty();
        foreach (var operation in validator.Operations)
        {
            operation.Id.Should().NotBeNullOrWhiteSpace(operation.ToString());
            operation.Summary.Should().NotBeNullOrWhiteSpace(operation.ToString());
            var responses = operation.Node["responses"]!.AsObject();
            var expected = new List<string> { "401", "403", "429" };
            if (operation.HasBody)
            {
                expected.AddRange(["400", "413", "415"]);
            }
            if (operation.Method == "post")
            {
                expected.Add("422");
            }
            expected.Where(status => !responses.ContainsKey(status)).Should().BeEmpty(operation.ToString());
            responses["429"]!["headers"]!["Retry-After"]!["required"]!.GetValue<bool>().Should().BeTrue();
            if (responses["201"]?["headers"]?["Location"] is { } location)
            {
                location["required"]!.GetValue<bool>().Should().BeTrue(operation.ToString());
            }
        }
        validator.Operations.Select(o => o.Id).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Request_schemas_say_what_is_required_what_may_be_null_and_the_limits()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;

        schemas["ProductPatchRequest"]!["required"]?.AsArray().Should().BeEmpty();
        schemas["WarehousePatchRequest"]!["required"]?.AsArray().Should().BeEmpty();
        schemas["ProductRequest"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()).Should().BeEquivalentTo("sku", "name");
        schemas["ProductRequest"]!["properties"]!["sku"]!["type"]!.GetValue<string>().Should().Be("string");
        schemas["ProductRequest"]!["properties"]!["sku"]!["maxLength"]!.GetValue<int>().Should().Be(64);
        schemas["MovementRequest"]!["properties"]!["quantity"]!["maximum"]!.GetValue<int>().Should().Be(1_000_000);
        schemas["OutOfStockPolicy"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("block", "warn", "backorder");
        schemas["MovementResponse"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()).Should().NotContain("toWarehouse");
    }

    [Fact]
    public async Task The_reference_page_is_served_with_its_own_script_policy()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var ct = TestContext.Current.CancellationToken;

        using var bare = await client.GetAsync(new Uri("/api/v1/docs", UriKind.Relative), ct);
        using var page = await client.GetAsync(new Uri("/api/v1/docs/", UriKind.Relative), ct);
        using var elsewhere = await client.GetAsync(new Uri("/api/v1/openapi.json", UriKind.Relative), ct);

        ((int)bare.StatusCode).Should().BeInRange(300, 399);
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await page.Content.ReadAsStringAsync(ct)).Should().Contain("api/v1/openapi.json");
        page.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("'unsafe-inline'");
        elsewhere.Headers.GetValues("Content-Security-Policy").Single().Should().NotContain("script-src 'self' 'unsafe-inline'");
    }

    private async Task<JsonNode> DocumentAsync() =>
        JsonNode.Parse(await app.CreateClient().GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative), TestContext.Current.CancellationToken))!;

    /// <summary>A store's life through the API, recording every exchange with its operation.</summary>
    private static async Task<List<Exchange>> RunScenarioAsync(StockApp app)
    {
        var store = await app.CreateStoreAsync();
        var api = new Recorder(app.ApiClient(await app.CreateApiKeyAsync(store.TenantId, scopes: ApiKeyScopes.Every)));
        var readOnly = new Recorder(app.ApiClient(await app.InDbAsync(store.TenantId, async db =>
        {
            var (key, secret) = ApiKey.Create("Read only", null, DateTimeOffset.UtcNow, ApiKeyScopes.Read);
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync();
            return secret;
        })), api.Exchanges);
        var anonymous = new Recorder(app.ApiClient(null), api.Exchanges);

        await api.SendAsync("CreateWarehouse", HttpMethod.Post, "/api/v1/warehouses", """{"code":"CAS","name":"Casablanca","city":"Casablanca"}""");
        await api.SendAsync("CreateWarehouse", HttpMethod.Post, "/api/v1/warehouses", """{"code":"RAK","name":"Marrakech"}""");
        await api.SendAsync("CreateWarehouse", HttpMethod.Post, "/api/v1/warehouses", """{"code":"cas","name":"Again"}""");
        await api.SendAsync("CreateWarehouse", HttpMethod.Post, "/api/v1/warehouses", """{"code":"","nope":1}""");
        await api.SendAsync("CreateWarehouse", HttpMethod.Post, "/api/v1/warehouses", "code=CAS", mediaType: "text/plain");
        await api.SendAsync("CreateWarehouse", HttpMethod.Post, "/api/v1/warehouses", $$"""{"code":"BIG","name":"{{new string('x', 70_000)}}"}""");
        await api.SendAsync("ListWarehouses", HttpMethod.Get, "/api/v1/warehouses");
        await api.SendAsync("GetWarehouse", HttpMethod.Get, "/api/v1/warehouses/CAS");
        await api.SendAsync("GetWarehouse", HttpMethod.Get, "/api/v1/warehouses/NOPE");
        await api.SendAsync("UpdateWarehouse", HttpMethod.Patch, "/api/v1/warehouses/CAS", """{"city":null}""");
        await api.SendAsync("UpdateWarehouse", HttpMethod.Patch, "/api/v1/warehouses/NOPE", """{"name":"X"}""");
        await api.SendAsync("UpdateWarehouse", HttpMethod.Patch, "/api/v1/warehouses/CAS", """{"name":null}""");
        await api.SendAsync("UpdateWarehouse", HttpMethod.Patch, "/api/v1/warehouses/CAS", """{"code":"RAK"}""");

        await api.SendAsync("CreateProduct", HttpMethod.Post, "/api/v1/products",
            """{"sku":"TSH-1","name":"T-shirt","lowStockThreshold":5,"outOfStockPolicy":"block","leadTimeDays":3,"seasonalFactor":1.5,"price":149.5}""");
        await api.SendAsync("CreateProduct", HttpMethod.Post, "/api/v1/products", """{"sku":"X","name":"X","price":-1}""");
        await api.SendAsync("CreateProduct", HttpMethod.Post, "/api/v1/products", """{"sku":"MUG-1","name":"Mug"}""");
        await api.SendAsync("CreateProduct", HttpMethod.Post, "/api/v1/products", """{"sku":"tsh-1","name":"Again"}""");
        await api.SendAsync("CreateProduct", HttpMethod.Post, "/api/v1/products", """{"sku":"X","name":"X","outOfStockPolicy":"sometimes"}""");
        await api.SendAsync("ListProducts", HttpMethod.Get, "/api/v1/products?pageSize=10");
        await api.SendAsync("ListProducts", HttpMethod.Get, "/api/v1/products?updatedSince=2026-01-01T00:00:00Z");
        await api.SendAsync("ListProducts", HttpMethod.Get, "/api/v1/products?page=abc");
        await api.SendAsync("ListProducts", HttpMethod.Get, "/api/v1/products?status=sometimes");
        await api.SendAsync("GetProduct", HttpMethod.Get, "/api/v1/products/TSH-1");
        await api.SendAsync("GetProduct", HttpMethod.Get, "/api/v1/products/MUG-1");
        await api.SendAsync("GetProduct", HttpMethod.Get, "/api/v1/products/NOPE");
        await api.SendAsync("UpdateProduct", HttpMethod.Patch, "/api/v1/products/MUG-1", """{"leadTimeDays":4,"outOfStockPolicy":null}""");
        await api.SendAsync("UpdateProduct", HttpMethod.Patch, "/api/v1/products/NOPE", """{"leadTimeDays":4}""");
        await api.SendAsync("UpdateProduct", HttpMethod.Patch, "/api/v1/products/MUG-1", """{"seasonalFactor":null}""");
        await api.SendAsync("UpdateProduct", HttpMethod.Patch, "/api/v1/products/MUG-1", """{"price":35}""");
        await api.SendAsync("UpdateProduct", HttpMethod.Patch, "/api/v1/products/MUG-1", """{"price":0.001}""");
        await api.SendAsync("SetWarehouseThreshold", HttpMethod.Put, "/api/v1/products/TSH-1/warehouses/CAS/threshold", """{"lowStockThreshold":2}""");
        await api.SendAsync("SetWarehouseThreshold", HttpMethod.Put, "/api/v1/products/TSH-1/warehouses/CAS/threshold", """{"lowStockThreshold":null}""");
        await api.SendAsync("SetWarehouseThreshold", HttpMethod.Put, "/api/v1/products/NOPE/warehouses/CAS/threshold", """{"lowStockThreshold":2}""");
        await api.SendAsync("SetWarehouseThreshold", HttpMethod.Put, "/api/v1/products/TSH-1/warehouses/CAS/threshold", "{}");

        await api.SendAsync("CreateStockMovement", HttpMethod.Post, "/api/v1/stock/movements",
            """{"sku":"TSH-1","warehouse":"CAS","type":"receipt","quantity":20}""", idempotencyKey: "receipt-1");
        await api.SendAsync("CreateStockMovement", HttpMethod.Post, "/api/v1/stock/movements",
            """{"sku":"TSH-1","warehouse":"CAS","type":"receipt","quantity":20}""", idempotencyKey: "receipt-1");
        await api.SendAsync("CreateStockMovement", HttpMethod.Post, "/api/v1/stock/movements",
            """{"sku":"TSH-1","warehouse":"CAS","type":"receipt","quantity":21}""", idempotencyKey: "receipt-1");
        await api.SendAsync("CreateStockMovement", HttpMethod.Post, "/api/v1/stock/movements",
            """{"sku":"MUG-1","warehouse":"CAS","type":"receipt","quantity":10,"note":"First delivery"}""");
        await api.SendAsync("CreateStockMovement", HttpMethod.Post, "/api/v1/stock/movements",
            """{"sku":"TSH-1","warehouse":"CAS","type":"transfer","quantity":5,"toWarehouse":"RAK"}""");
        await api.SendAsync("CreateStockMovement", HttpMethod.Post, "/api/v1/stock/movements",
            """{"sku":"TSH-1","warehouse":"CAS","type":"transfer","quantity":500,"toWarehouse":"RAK"}""");
        await api.SendAsync("CreateStockMovement", HttpMethod.Post, "/api/v1/stock/movements",
            """{"sku":"NOPE","warehouse":"CAS","type":"receipt","quantity":1}""");
        await api.SendAsync("CreateStockMovement", HttpMethod.Post, "/api/v1/stock/movements",
            """{"sku":"TSH-1","warehouse":"CAS","type":"adjustment","quantity":0}""");
        await api.SendAsync("CreateStockMovement", HttpMethod.Post, "/api/v1/stock/movements",
            """{"sku":"TSH-1","warehouse":"CAS","type":"receipt","quantity":"5"}""");
        await api.SendAsync("CreateStockMovementBatch", HttpMethod.Post, "/api/v1/stock/movements/batch",
            """{"movements":[{"sku":"MUG-1","warehouse":"RAK","type":"receipt","quantity":4},{"sku":"MUG-1","warehouse":"RAK","type":"transfer","quantity":1,"toWarehouse":"CAS"}]}""");
        await api.SendAsync("CreateStockMovementBatch", HttpMethod.Post, "/api/v1/stock/movements/batch",
            """{"movements":[{"sku":"MUG-1","warehouse":"RAK","type":"receipt","quantity":4},{"sku":"NOPE","warehouse":"RAK","type":"receipt","quantity":0}]}""");
        await api.SendAsync("CreateStockMovementBatch", HttpMethod.Post, "/api/v1/stock/movements/batch",
            """{"movements":[{"sku":"MUG-1","warehouse":"RAK","type":"transfer","quantity":400,"toWarehouse":"CAS"}]}""");
        await api.SendAsync("ListStockLevels", HttpMethod.Get, "/api/v1/stock");
        await api.SendAsync("ListStockLevels", HttpMethod.Get, "/api/v1/stock?sku=MUG-1&warehouse=RAK");
        await api.SendAsync("ListStockLevels", HttpMethod.Get, "/api/v1/stock?sku=NOPE");
        await api.SendAsync("ListStockLevels", HttpMethod.Get, "/api/v1/stock?page=0");
        await api.SendAsync("ListStockLevels", HttpMethod.Get, "/api/v1/stock?updatedSince=soon");

        var alerts = await api.SendAsync("ListAlerts", HttpMethod.Get, "/api/v1/alerts");
        await api.SendAsync("ListAlerts", HttpMethod.Get, "/api/v1/alerts?status=sometimes");
        var alertId = alerts.Json["items"]!.AsArray().Select(a => a!["id"]!.GetValue<Guid>()).First();
        await api.SendAsync("AcknowledgeAlert", HttpMethod.Post, $"/api/v1/alerts/{alertId}/acknowledge");
        await api.SendAsync("AcknowledgeAlert", HttpMethod.Post, $"/api/v1/alerts/{Guid.NewGuid()}/acknowledge");

        var placed = await api.SendAsync("PlaceOrder", HttpMethod.Post, "/api/v1/orders",
            $$"""{"warehouse":"CAS","customer":{{Customer}},"externalReference":"SHOP-1","lines":[{"sku":"MUG-1","quantity":2}]}""");
        var second = await api.SendAsync("PlaceOrder", HttpMethod.Post, "/api/v1/orders",
            $$"""{"warehouse":"CAS","customer":{{Customer}},"lines":[{"sku":"MUG-1","quantity":1,"unitPrice":29.9}]}""");
        await api.SendAsync("PlaceOrder", HttpMethod.Post, "/api/v1/orders",
            $$"""{"warehouse":"CAS","customer":{{Customer}},"lines":[{"sku":"MUG-1","quantity":1,"unitPrice":1e15}]}""");
        await api.SendAsync("PlaceOrder", HttpMethod.Post, "/api/v1/orders",
            $$"""{"warehouse":"CAS","customer":{{Customer}},"lines":[{"sku":"TSH-1","quantity":999}]}""");
        await api.SendAsync("PlaceOrder", HttpMethod.Post, "/api/v1/orders",
            $$"""{"warehouse":"NOPE","customer":{{Customer}},"lines":[{"sku":"MUG-1","quantity":1}]}""");
        await api.SendAsync("PlaceOrder", HttpMethod.Post, "/api/v1/orders", """{"warehouse":"CAS","lines":[]}""");
        var id = placed.Json["id"]!.GetValue<Guid>();
        var orders = await api.SendAsync("ListOrders", HttpMethod.Get, "/api/v1/orders?limit=1&status=new");
        await api.SendAsync("ListOrders", HttpMethod.Get, $"/api/v1/orders?limit=1&cursor={orders.Json["nextCursor"]!.GetValue<string>()}&warehouse=CAS");
        await api.SendAsync("ListOrders", HttpMethod.Get, "/api/v1/orders?externalReference=SHOP-1&updatedSince=2026-01-01T00:00:00Z");
        await api.SendAsync("ListOrders", HttpMethod.Get, "/api/v1/orders?warehouse=NOPE");
        await api.SendAsync("ListOrders", HttpMethod.Get, "/api/v1/orders?limit=500");
        await api.SendAsync("PlaceOrder", HttpMethod.Post, "/api/v1/orders",
            $$"""{"warehouse":"CAS","customer":{{Customer}},"externalReference":"SHOP-1","lines":[{"sku":"MUG-1","quantity":1}]}""");
        await api.SendAsync("GetOrder", HttpMethod.Get, $"/api/v1/orders/{id}");
        await api.SendAsync("GetOrder", HttpMethod.Get, $"/api/v1/orders/{Guid.NewGuid()}");
        foreach (var action in new[] { "Confirm", "Ship", "Deliver", "Return" })
        {
            await api.SendAsync($"{action}Order", HttpMethod.Post, $"/api/v1/orders/{id}/{action.ToLowerInvariant()}");
        }
        await api.SendAsync("CancelOrder", HttpMethod.Post, $"/api/v1/orders/{second.Json["id"]!.GetValue<Guid>()}/cancel");
        await api.SendAsync("CancelOrder", HttpMethod.Post, $"/api/v1/orders/{id}/cancel");
        await api.SendAsync("ShipOrder", HttpMethod.Post, $"/api/v1/orders/{Guid.NewGuid()}/ship");

        var hook = await api.SendAsync("CreateWebhook", HttpMethod.Post, "/api/v1/webhooks",
            """{"url":"http://127.0.0.1:9/hooks/stock","events":["alert.opened","order.created"]}""");
        await api.SendAsync("CreateWebhook", HttpMethod.Post, "/api/v1/webhooks", """{"url":"ftp://example.test","events":["nope"]}""");
        hook.Status.Should().Be(HttpStatusCode.Created, hook.Body);
        var hookId = hook.Json["endpoint"]!["id"]!.GetValue<Guid>();
        await api.SendAsync("ListWebhooks", HttpMethod.Get, "/api/v1/webhooks");
        await api.SendAsync("GetWebhook", HttpMethod.Get, $"/api/v1/webhooks/{hookId}");
        await api.SendAsync("GetWebhook", HttpMethod.Get, $"/api/v1/webhooks/{Guid.NewGuid()}");
        await api.SendAsync("UpdateWebhook", HttpMethod.Patch, $"/api/v1/webhooks/{hookId}", """{"events":["stock.changed"],"active":false}""");
        await api.SendAsync("UpdateWebhook", HttpMethod.Patch, $"/api/v1/webhooks/{hookId}", """{"url":"not a url"}""");
        await api.SendAsync("SendWebhookTest", HttpMethod.Post, $"/api/v1/webhooks/{hookId}/test");
        await api.SendAsync("ListWebhookDeliveries", HttpMethod.Get, $"/api/v1/webhooks/{hookId}/deliveries");
        await api.SendAsync("RotateWebhookSecret", HttpMethod.Post, $"/api/v1/webhooks/{hookId}/rotate-secret");
        await api.SendAsync("DeleteWebhook", HttpMethod.Delete, $"/api/v1/webhooks/{hookId}");
        await api.SendAsync("DeleteWebhook", HttpMethod.Delete, $"/api/v1/webhooks/{hookId}");

        // The pipeline's own answers, on one request of every operation: no key (401), a read-only key changing something (403).
        foreach (var exchange in api.Exchanges.Where(e => e.Status is HttpStatusCode.OK or HttpStatusCode.Created).DistinctBy(e => e.OperationId).ToList())
        {
            var (method, url) = (new HttpMethod(exchange.Request.Split(' ')[0]), exchange.Request.Split(' ')[1]);
            await anonymous.SendAsync(exchange.OperationId, method, url, method == HttpMethod.Get ? null : "{}");
            if (method != HttpMethod.Get)
            {
                await readOnly.SendAsync(exchange.OperationId, method, url, "{}");
            }
        }
        return api.Exchanges;
    }

    private sealed class Recorder(HttpClient client, List<Exchange>? exchanges = null)
    {
        public List<Exchange> Exchanges { get; } = exchanges ?? [];

        public async Task<Exchange> SendAsync(
            string operationId, HttpMethod method, string url, string? json = null, string? idempotencyKey = null, string mediaType = "application/json")
        {
            var ct = TestContext.Current.CancellationToken;
            using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue(mediaType));
            }
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }
            using var response = await client.SendAsync(request, ct);
            var headers = response.Headers.Concat(response.Content.Headers)
                .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
            var exchange = new Exchange(operationId, $"{method} {url}", response.StatusCode, response.Content.Headers.ContentType?.MediaType,
                await response.Content.ReadAsStringAsync(ct), headers);
            Exchanges.Add(exchange);
            return exchange;
        }
    }
}
