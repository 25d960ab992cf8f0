using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;

namespace CodRocket.Stock.IntegrationTests.Inventory;

/// <summary>Movement lists say what a reservation changed; the dashboard's recent activity shows what moved on the shelves.</summary>
public class MovementListTests(StockApp app)
{
    [Fact]
    public async Task A_reservation_shows_reserved_and_available_changes_and_stays_off_the_dashboards_recent_movements()
    {
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "RES-1", null, (cas, 10));
        (await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(cas, ("RES-1", 2)))).Should().BeOfType<PlaceOrderResult.Placed>();
        using var client = await app.SignInAsync(store);

        var details = await client.GetAsync($"/inventory/products/{product}");
        var dashboard = await client.GetAsync("/");

        var reservation = details.Document.QuerySelectorAll("tr").First(r => r.TextContent.Contains("Reserved for an order", StringComparison.Ordinal));
        reservation.QuerySelector("[data-testid=movement-change]")!.TextContent.Should().Contain("reserved +2").And.Contain("available −2");
        var recent = dashboard.Document.QuerySelectorAll("table").Last().QuerySelectorAll("tbody tr");
        recent.Should().ContainSingle("only the receipt moved units on the shelf").Which.TextContent.Should().Contain("+10");
    }
}
