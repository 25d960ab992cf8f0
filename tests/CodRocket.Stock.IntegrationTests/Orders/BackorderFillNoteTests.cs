using CodRocket.Stock.Catalog;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Orders;

/// <summary>
/// A backorder fill keeps its units as a number, so the order's history says it in the reader's language with the
/// right plural: "1 unit filled", "3 units filled", "1 unité servie", "3 unités servies".
/// </summary>
public class BackorderFillNoteTests(StockApp app)
{
    private async Task<(TestStore Store, Guid OrderId)> FilledAsync(string language, params int[] receipts)
    {
        var store = await app.CreateStoreAsync(language: language);
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "RUG-1");
        await app.SetPolicyAsync(store.TenantId, product, OutOfStockPolicy.Backorder);
        var placed = (await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, ("RUG-1", 4))))
            .Should().BeOfType<PlaceOrderResult.Placed>().Subject.Order;
        foreach (var units in receipts)
        {
            await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, units));
        }
        return (store, placed.Id);
    }

    private async Task<List<string>> FillNotesAsync(TestStore store, Guid orderId)
    {
        using var client = await app.SignInAsync(store);
        var page = await client.GetAsync($"/orders/{orderId}");
        return [.. page.Document.QuerySelectorAll("[data-testid=event-units]").Select(e => e.TextContent.Trim())];
    }

    [Fact]
    public async Task A_fill_stores_its_units_not_english_text()
    {
        var (store, orderId) = await FilledAsync("en", 3);

        var fill = await app.InDbAsync(store.TenantId, db => db.OrderEvents.SingleAsync(e => e.OrderId == orderId && e.Kind == OrderEventKind.BackorderFilled));

        fill.Units.Should().Be(3);
        fill.Note.Should().BeNull();
    }

    [Fact]
    public async Task The_history_says_how_many_units_were_filled_in_english()
    {
        var (store, orderId) = await FilledAsync("en", 1, 3);

        (await FillNotesAsync(store, orderId)).Should().Equal("1 unit filled", "3 units filled");
    }

    [Fact]
    public async Task The_history_says_how_many_units_were_filled_in_french()
    {
        var (store, orderId) = await FilledAsync("fr", 1, 3);

        (await FillNotesAsync(store, orderId)).Should().Equal("1 unité servie", "3 unités servies");
    }

    [Fact]
    public async Task A_fill_written_before_units_were_kept_reads_as_it_was_stored()
    {
        var (store, orderId) = await FilledAsync("en");
        await app.InDbAsync(store.TenantId, db =>
        {
            db.OrderEvents.Add(new OrderEvent(orderId, OrderEventKind.BackorderFilled, DateTimeOffset.UtcNow, null, "2 units filled from arriving stock"));
            return db.SaveChangesAsync();
        });
        using var client = await app.SignInAsync(store);

        var page = await client.GetAsync($"/orders/{orderId}");

        page.Text.Should().Contain("2 units filled from arriving stock");
    }
}
