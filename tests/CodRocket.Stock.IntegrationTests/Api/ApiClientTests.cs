using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodRocket.Stock.ApiClient;
using CodRocket.Stock.ApiClient.Models;
using CodRocket.Stock.Testing;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>
/// The OpenAPI document is a contract integrators generate clients from: the one committed in docs/api/openapi.json is
/// the one the app serves, and a client Kiota generated from it (tests/CodRocket.Stock.ApiClient) compiles and does a
/// storefront's work against the real app on the first try. scripts/api-client.sh refreshes both.
/// </summary>
public class ApiClientTests(StockApp app)
{
    private const string Refresh = "Run scripts/api-client.sh to refresh docs/api/openapi.json and the generated client, then commit them.";
    private static readonly JsonSerializerOptions Readable = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task The_document_the_app_serves_is_docs_api_openapi_json_and_the_client_was_generated_from_it()
    {
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative), TestContext.Current.CancellationToken))!;
        // The server entry is the address the document was asked at: whoever generates a client sets their own.
        document.AsObject().Remove("servers");
        var served = document.ToJsonString(Readable) + "\n";
        var file = Path.Combine(RepositoryRoot, "docs", "api", "openapi.json");
        if (Environment.GetEnvironmentVariable("API_DOCUMENT_REFRESH") == "1")
        {
            await File.WriteAllTextAsync(file, served, TestContext.Current.CancellationToken);
            return;
        }

        (await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)).ReplaceLineEndings("\n")
            .Should().Be(served, "docs/api/openapi.json is the document the app serves. " + Refresh);
        var generatedFrom = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "tests", "CodRocket.Stock.ApiClient", "Generated", "openapi.sha256"),
            TestContext.Current.CancellationToken);
        generatedFrom.Trim().Should().Be(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken))),
            "the client in tests/CodRocket.Stock.ApiClient was generated from docs/api/openapi.json as it is. " + Refresh);
    }

    [Fact]
    public async Task A_client_generated_from_the_document_places_an_order_with_a_real_key_and_reads_it_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await app.CreateStoreAsync();
        // An HttpClient that sends the key on every request, as an integrator would configure one; the app's own host.
        using var http = app.ApiClient(await app.CreateApiKeyAsync(store.TenantId, "Generated client"));
        var client = new StockApiClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        });

        var warehouse = await client.Api.V1.Warehouses.PostAsync(new WarehouseRequest { Code = "CAS", Name = "Casablanca" }, cancellationToken: ct);
        var product = await client.Api.V1.Products.PostAsync(new ProductRequest { Sku = "LMP-1", Name = "Desk lamp", LowStockThreshold = 2 }, cancellationToken: ct);
        var receipt = await client.Api.V1.Stock.Movements.PostAsync(
            new MovementRequest { Type = MovementKind.Receipt, Sku = "LMP-1", Warehouse = "CAS", Quantity = 10, Note = "PO 42" }, cancellationToken: ct);
        var placed = await client.Api.V1.Orders.PostAsync(new OrderRequest
        {
            Warehouse = "CAS",
            Customer = new CustomerRequest { Name = "Salma Bennani", Phone = "+212 661 000 111", City = "Casablanca", Address = "5 rue Atlas" },
            ExternalReference = "SHOP-1001",
            Lines = [new OrderLineRequest { Sku = "LMP-1", Quantity = 3 }],
        }, cancellationToken: ct);

        (warehouse!.Code, product!.Sku, receipt!.Levels!.Single().OnHand).Should().Be(("CAS", "LMP-1", 10));
        placed!.Status.Should().Be(OrderStatus.New);
        placed.ApiKeyId.Should().NotBeNull();
        placed.Lines!.Single().Reserved.Should().Be(3);

        var read = await client.Api.V1.Orders[placed.Id!.Value].GetAsync(cancellationToken: ct);
        var found = await client.Api.V1.Orders.GetAsync(r => r.QueryParameters.ExternalReference = "SHOP-1001", ct);
        var confirmed = await client.Api.V1.Orders[placed.Id.Value].Confirm.PostAsync(cancellationToken: ct);
        var stock = await client.Api.V1.Stock.GetAsync(cancellationToken: ct);

        (read!.Number, read.Customer!.Phone, read.ExternalReference).Should().Be((placed.Number, "+212661000111", "SHOP-1001"));
        found!.Items!.Select(o => o.Id).Should().Equal(placed.Id);
        confirmed!.Status.Should().Be(OrderStatus.Confirmed);
        stock!.Items!.Single().Available.Should().Be(7);

        // Errors come back as the document's problem types: a second order with the same reference is refused (409).
        var again = () => client.Api.V1.Orders.PostAsync(new OrderRequest
        {
            Warehouse = "CAS",
            Customer = new CustomerRequest { Name = "Salma Bennani", Phone = "+212 661 000 111", City = "Casablanca" },
            ExternalReference = "SHOP-1001",
            Lines = [new OrderLineRequest { Sku = "LMP-1", Quantity = 1 }],
        }, cancellationToken: ct);
        var refused = (await again.Should().ThrowAsync<ProblemDetails>()).Which;
        (refused.ResponseStatusCode, refused.Status).Should().Be((409, 409));
        (refused.AdditionalData["orderId"] is UntypedString id ? id.GetValue() : refused.AdditionalData["orderId"]?.ToString())
            .Should().Be(placed.Id.Value.ToString(), "the existing order's id, for a storefront that retried");
    }

    private static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "CodRocket.Stock.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (CodRocket.Stock.sln) is not above " + AppContext.BaseDirectory);
    }
}
