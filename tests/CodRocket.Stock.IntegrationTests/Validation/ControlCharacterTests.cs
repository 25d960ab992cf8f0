using System.Net;
using System.Text.Json.Nodes;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Validation;

/// <summary>
/// I6 for control characters: NUL (which PostgreSQL text cannot hold) or another control character in any text field of
/// any API body, any API or page query, a path or a form answers 400 naming the field, and changes nothing.
/// </summary>
public class ControlCharacterTests(StockApp app)
{
    /// <summary>Every API body the API takes, valid as written; each string in it is spoiled in turn.</summary>
    private static readonly (string Method, string Url, string Body)[] Bodies =
    [
        ("POST", "/api/v1/warehouses", """{"code":"NEW","name":"New place","city":"Fes","active":true}"""),
        ("PATCH", "/api/v1/warehouses/CAS", """{"name":"Renamed","city":"Rabat"}"""),
        ("POST", "/api/v1/products", """{"sku":"NEW-1","name":"New product","seasonalFactor":1.5,"outOfStockPolicy":"warn"}"""),
        ("PATCH", "/api/v1/products/SKU-1", """{"name":"Renamed product","outOfStockPolicy":"backorder"}"""),
        ("PUT", "/api/v1/products/SKU-1/warehouses/CAS/threshold", """{"lowStockThreshold":4}"""),
        ("POST", "/api/v1/stock/movements", """{"sku":"SKU-1","warehouse":"CAS","type":"transfer","quantity":1,"toWarehouse":"RAK","note":"Move"}"""),
        ("POST", "/api/v1/stock/movements", """{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":1,"note":"In"}"""),
        ("POST", "/api/v1/orders", """
            {"warehouse":"CAS","customer":{"name":"Salma","phone":"0612345678","city":"Fes","address":"5 rue Atlas"},
             "externalReference":"SHOP-1","lines":[{"sku":"SKU-1","quantity":1}]}
            """),
    ];

    public static TheoryData<string, string, string, string> SpoiledBodies()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var (method, url, body) in Bodies)
        {
            foreach (var (field, spoiled) in SpoilEachString(JsonNode.Parse(body)!))
            {
                foreach (var bad in new[] { "\u0000", "\u001b" })
                {
                    var json = spoiled(bad);
                    data.Add(method, url, json, field);
                }
            }
        }
        return data;
    }

    /// <summary>For each string leaf of <paramref name="root"/>: its path and the body with that string holding a control character.</summary>
    private static IEnumerable<(string Field, Func<string, string> Spoiled)> SpoilEachString(JsonNode root)
    {
        var paths = new List<string>();
        Collect(root, "", paths);
        foreach (var path in paths)
        {
            yield return (path, bad =>
            {
                var copy = JsonNode.Parse(root.ToJsonString())!;
                var leaf = Find(copy, path);
                leaf.ReplaceWith(JsonValue.Create("ab" + bad + "c"));
                return copy.ToJsonString(new System.Text.Json.JsonSerializerOptions
                {
                    Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                });
            });
        }
    }

    private static void Collect(JsonNode node, string path, List<string> paths)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    Collect(value!, path.Length == 0 ? name : $"{path}.{name}", paths);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Collect(a[i]!, $"{path}[{i}]", paths);
                }
                break;
            case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String:
                paths.Add(path);
                break;
        }
    }

    private static JsonNode Find(JsonNode root, string path)
    {
        var node = root;
        foreach (var part in path.Split('.'))
        {
            var name = part.Split('[')[0];
            node = node[name]!;
            foreach (var index in part.Split('[').Skip(1))
            {
                node = node[int.Parse(index.TrimEnd(']'), System.Globalization.CultureInfo.InvariantCulture)]!;
            }
        }
        return node;
    }

    [Theory]
    [MemberData(nameof(SpoiledBodies))]
    public async Task A_control_character_in_any_API_body_field_answers_400_naming_it_and_changes_nothing(
        string method, string url, string body, string field)
    {
        var (store, client) = await SeededApiStoreAsync();
        var before = await StateAsync(store.TenantId);

        var response = await client.SendAsync(new HttpMethod(method), url, body, idempotencyKey: Guid.NewGuid().ToString());

        response.Status.Should().Be(HttpStatusCode.BadRequest, response.ToString());
        response.MediaType.Should().Be("application/problem+json");
        response.ErrorFields.Should().Contain(field);
        (await StateAsync(store.TenantId)).Should().Be(before);
    }

    [Theory]
    [InlineData("/api/v1/products?search=a%00b", "search")]
    [InlineData("/api/v1/products?status=%00", "status")]
    [InlineData("/api/v1/stock?sku=SKU%00-1", "sku")]
    [InlineData("/api/v1/stock?warehouse=%1bCAS", "warehouse")]
    [InlineData("/api/v1/alerts?warehouse=CAS%00", "warehouse")]
    [InlineData("/api/v1/warehouses?page=1%00", "page")]
    [InlineData("/api/v1/products/SKU%01-1", "sku")]
    [InlineData("/api/v1/warehouses/C%1bS", "code")]
    [InlineData("/api/v1/stock?sku%00=1", "sku")]
    public async Task A_control_character_in_an_API_query_or_path_answers_400_naming_it(string url, string field)
    {
        var (_, client) = await SeededApiStoreAsync();

        var response = await client.GetJsonAsync(url);

        response.Status.Should().Be(HttpStatusCode.BadRequest, response.ToString());
        response.MediaType.Should().Be("application/problem+json");
        response.ErrorFields.Should().Contain(field);
    }

    public static TheoryData<string> PageQueries => new()
    {
        "/?q=%00",
        "/inventory/products?q=%00",
        "/inventory/products?q=a%00b&status=low",
        "/inventory/products?warehouse=%00",
        "/inventory/products?status=%1b",
        "/inventory/products?handler=export&q=%00",
        "/inventory/alerts?q=%00",
        "/orders?q=%00",
        "/orders?q=%01",
        "/orders/create?q=%00",
        "/reports?q=%00",
        "/reports?sort=%00",
        "/reports?view=%00&warehouse=%00",
        "/warehouses?q=%00",
        "/settings?q=%00",
        "/settings/team?q=%00",
        "/settings/api-keys?q=%00",
        "/settings/seasons?q=%00",
        "/settings/notifications?status=%00",
    };

    [Theory]
    [MemberData(nameof(PageQueries))]
    public async Task A_control_character_in_a_page_query_answers_400_naming_it(string url)
    {
        var store = await app.CreateStoreAsync();
        await app.AddProductAsync(store.TenantId, "SKU-1");
        using var client = await app.SignInAsync(store);

        var page = await client.GetAsync(url);

        page.Status.Should().Be(HttpStatusCode.BadRequest, url);
        page.Text.Should().Contain("control character");
    }

    /// <summary>Pages about one thing (a product, an order, a warehouse, a member): {product}, {order}, {warehouse}, {member} stand for its id.</summary>
    public static TheoryData<string> DetailPageQueries => new()
    {
        "/inventory/products/{product}?p=%00",
        "/inventory/products/{product}?p=2%00&q=a",
        "/inventory/products/{product}/history?p=%00",
        "/inventory/products/{product}/edit?q=%00",
        "/inventory/products/{product}/receive?warehouseId=%00",
        "/inventory/products/{product}/adjust?warehouseId={warehouse}%00",
        "/inventory/products/{product}/transfer?q=%1b",
        "/orders/{order}?q=%00",
        "/orders/{order}?to=%00",
        "/warehouses/{warehouse}/edit?q=%00",
        "/settings/team/{member}/edit?q=%00",
        "/settings/team/{member}/edit?id=%01",
    };

    [Theory]
    [MemberData(nameof(DetailPageQueries))]
    public async Task A_control_character_in_a_detail_page_query_answers_400_naming_it(string template)
    {
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "SKU-1", threshold: 2, (cas, 10));
        var order = await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(cas, ("SKU-1", 1)));
        var member = await app.AddMemberAsync(store.TenantId, "Query Member");
        using var client = await app.SignInAsync(store);
        var url = template.Replace("{product}", product.ToString(), StringComparison.Ordinal)
            .Replace("{order}", ((PlaceOrderResult.Placed)order).Order.Id.ToString(), StringComparison.Ordinal)
            .Replace("{warehouse}", cas.ToString(), StringComparison.Ordinal)
            .Replace("{member}", member.Id.ToString(), StringComparison.Ordinal);

        var page = await client.GetAsync(url);

        page.Status.Should().Be(HttpStatusCode.BadRequest, url);
        page.Text.Should().Contain("control character");
    }

    /// <summary>Pages for people not signed in: {member} is an invited member who has not joined, {owner} the store's owner.</summary>
    public static TheoryData<string> AnonymousPageQueries => new()
    {
        "/account/sign-in?ReturnUrl=%00",
        "/account/sign-in?ReturnUrl=%2Finventory%2Fproducts%00",
        "/account/sign-up?q=%1b",
        "/account/accept-invitation?user={member}&token=%00",
        "/account/accept-invitation?user={member}%00&token=abc",
        "/account/confirm-email?user={owner}&token=ab%00c",
        "/account/confirm-email?user=%00&token=abc",
    };

    [Theory]
    [MemberData(nameof(AnonymousPageQueries))]
    public async Task A_control_character_in_an_anonymous_page_query_answers_400_naming_it(string template)
    {
        var store = await app.CreateStoreAsync();
        using var owner = await app.SignInAsync(store);
        var invitee = $"invitee-{Guid.NewGuid():N}@example.test";
        (await owner.PostFormAsync("/settings/team/invite", new() { ["Input.FullName"] = "Query Invitee", ["Input.Email"] = invitee, ["Input.Role"] = "Staff" }))
            .Status.Should().Be(HttpStatusCode.Redirect);
        var member = await app.InDbAsync(store.TenantId, db => db.Users.Where(u => u.Email == invitee).Select(u => u.Id).SingleAsync());
        using var anonymous = new StoreClient(app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        var url = template.Replace("{member}", member.ToString(), StringComparison.Ordinal)
            .Replace("{owner}", store.OwnerId.ToString(), StringComparison.Ordinal);

        var page = await anonymous.GetAsync(url);

        page.Status.Should().Be(HttpStatusCode.BadRequest, url);
        page.Text.Should().Contain("control character");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(0x1b)]
    public async Task A_control_character_in_a_form_field_answers_400_naming_it_and_stores_nothing(int bad)
    {
        var store = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(store);

        var page = await client.PostFormAsync("/inventory/products/create", new()
        {
            ["Input.Sku"] = "NEW-1",
            ["Input.Name"] = "New" + (char)bad + "product",
            ["Input.Settings.SeasonalFactor"] = "1",
        });

        page.Status.Should().Be(HttpStatusCode.BadRequest);
        page.Text.Should().Contain("Name holds a control character");
        (await app.InDbAsync(store.TenantId, db => db.Products.CountAsync())).Should().Be(0);
    }

    private async Task<(TestStore Store, HttpClient Client)> SeededApiStoreAsync()
    {
        var (store, client) = await app.ApiStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddWarehouseAsync(store.TenantId, "RAK");
        await app.AddProductAsync(store.TenantId, "SKU-1", threshold: 2, (cas, 10));
        return (store, client);
    }

    private Task<string> StateAsync(Guid tenantId) => app.InDbAsync(tenantId, async db =>
        string.Join(" | ",
            string.Join(",", await db.Warehouses.OrderBy(w => w.Code).Select(w => w.Code + ":" + w.Name + ":" + w.City).ToListAsync()),
            string.Join(",", await db.Products.OrderBy(p => p.Sku).Select(p => p.Sku + ":" + p.Name + ":" + p.LowStockThreshold).ToListAsync()),
            string.Join(",", await db.StockLevels.OrderBy(l => l.WarehouseId).Select(l => l.OnHand + "/" + l.Reserved + "/" + l.LowStockThreshold).ToListAsync()),
            await db.StockMovements.CountAsync(),
            await db.Orders.CountAsync()));
}
