using System.Net;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Orders;

/// <summary>
/// An order keeps each line's unit price as it was when taken, and its pages say what the courier collects, in the
/// order's currency and the reader's way of writing numbers.
/// </summary>
public class OrderTotalTests(StockApp app)
{
    private Task SetPriceAsync(Guid tenantId, Guid productId, decimal? price) =>
        app.InDbAsync(tenantId, async db =>
        {
            (await db.Products.SingleAsync(p => p.Id == productId)).SetPrice(price, DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });

    private async Task<(TestStore Store, Order Order, Guid Tajine)> OrderAsync(string language, bool priceTheMug = true)
    {
        var store = await app.CreateStoreAsync(language: language);
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var tajine = await app.AddProductAsync(store.TenantId, "TAJ-1", null, (warehouse, 10));
        var mug = await app.AddProductAsync(store.TenantId, "MUG-1", null, (warehouse, 10));
        await SetPriceAsync(store.TenantId, tajine, 1200m);
        if (priceTheMug)
        {
            await SetPriceAsync(store.TenantId, mug, 17.25m);
        }
        var placed = await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, ("TAJ-1", 1), ("MUG-1", 2)));
        return (store, placed.Should().BeOfType<PlaceOrderResult.Placed>().Subject.Order, tajine);
    }

    [Fact]
    public async Task A_line_keeps_its_unit_price_after_the_product_price_changes()
    {
        var (store, order, tajine) = await OrderAsync("en");

        await SetPriceAsync(store.TenantId, tajine, 1500m);

        var lines = await app.InDbAsync(store.TenantId, db => db.OrderLines.Where(l => l.OrderId == order.Id).OrderBy(l => l.LineNo).Select(l => l.UnitPrice).ToListAsync());
        lines.Should().Equal(1200m, 17.25m);
        var saved = await app.InDbAsync(store.TenantId, db => db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == order.Id));
        saved.Total.Should().Be(new CodRocket.Stock.Catalog.CollectTotal(1234.50m, true));
        saved.Currency.Should().Be("MAD");
    }

    [Fact]
    public async Task The_order_page_and_the_list_show_line_totals_and_what_to_collect_in_english()
    {
        var (store, order, _) = await OrderAsync("en");
        using var client = await app.SignInAsync(store);

        var page = await client.GetAsync($"/orders/{order.Id}");
        var list = await client.GetAsync("/orders");

        page.Status.Should().Be(HttpStatusCode.OK);
        page.Document.QuerySelectorAll("[data-testid=line-total]").Select(e => e.TextContent.Trim()).Should().Equal("MAD\u00a01,200.00", "MAD\u00a034.50");
        page.Document.QuerySelector("[data-testid=collect]")!.TextContent.Trim().Should().Be("MAD\u00a01,234.50");
        page.Document.QuerySelector("[data-testid=total-incomplete]").Should().BeNull();
        list.Document.QuerySelector("[data-testid=order-total]")!.TextContent.Trim().Should().Be("MAD\u00a01,234.50");
    }

    [Fact]
    public async Task A_french_reader_sees_the_amount_written_the_french_way()
    {
        var (store, order, _) = await OrderAsync("fr");
        using var client = await app.SignInAsync(store);

        var page = await client.GetAsync($"/orders/{order.Id}");

        page.Document.QuerySelector("[data-testid=collect]")!.TextContent.Trim().Should().Be("1\u202f234,50\u00a0MAD");
        page.Text.Should().Contain("À encaisser");
    }

    [Fact]
    public async Task A_line_without_a_price_shows_a_dash_and_the_total_says_it_is_incomplete()
    {
        var (store, order, _) = await OrderAsync("en", priceTheMug: false);
        using var client = await app.SignInAsync(store);

        var page = await client.GetAsync($"/orders/{order.Id}");
        var list = await client.GetAsync("/orders");

        page.Document.QuerySelectorAll("[data-testid=line-total]").Select(e => e.TextContent.Trim()).Should().Equal("MAD\u00a01,200.00", "—");
        page.Document.QuerySelector("[data-testid=collect]")!.TextContent.Trim().Should().Be("MAD\u00a01,200.00");
        page.Document.QuerySelector("[data-testid=total-incomplete]")!.TextContent.Should().Contain("Incomplete");
        list.Document.QuerySelector("[data-testid=order-total]")!.TextContent.Should().Contain("partial");
    }
}
