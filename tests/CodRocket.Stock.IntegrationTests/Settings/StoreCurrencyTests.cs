using System.Net;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Settings;

/// <summary>The store's currency: from its country at first, changed in Settings; orders already taken keep theirs.</summary>
public class StoreCurrencyTests(StockApp app)
{
    private static Dictionary<string, string> Settings(TestStore store, string currency) => new()
    {
        ["Input.Name"] = store.Name, ["Input.DefaultOutOfStockPolicy"] = "Block", ["Input.VelocityWindowDays"] = "30",
        ["Input.TimeZone"] = "UTC", ["Input.Language"] = "en", ["Input.Country"] = "MA", ["Input.Currency"] = currency,
    };

    [Fact]
    public void A_new_store_sells_in_its_countrys_currency_or_the_default()
    {
        new Tenant("Boutique", DateTimeOffset.UtcNow, country: "FR").Currency.Should().Be("EUR");
        new Tenant("Dukan", DateTimeOffset.UtcNow, country: "MA").Currency.Should().Be("MAD");
        new Tenant("Anywhere", DateTimeOffset.UtcNow).Currency.Should().Be(Currencies.Default);
        Currencies.IsSupported("TND").Should().BeTrue();
        Currencies.IsSupported("XYZ").Should().BeFalse();
    }

    [Fact]
    public async Task The_currency_is_changed_in_settings_and_past_orders_keep_theirs()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "TAJ-1", null, (warehouse, 5));
        var before = (await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, ("TAJ-1", 1)))).Should().BeOfType<PlaceOrderResult.Placed>().Subject.Order;
        using var owner = await app.SignInAsync(store);

        var saved = await owner.PostFormAsync("/settings", Settings(store, "EUR"));
        var after = (await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, ("TAJ-1", 1)))).Should().BeOfType<PlaceOrderResult.Placed>().Subject.Order;

        saved.Status.Should().Be(HttpStatusCode.Redirect, string.Join("; ", saved.ValidationMessages));
        (await owner.GetAsync("/settings")).Document.QuerySelector("select[name='Input.Currency'] option[selected]")!.GetAttribute("value").Should().Be("EUR");
        (await app.InDbAsync(store.TenantId, db => db.Orders.OrderBy(o => o.Number).Select(o => o.Currency).ToListAsync()))
            .Should().Equal("MAD", "EUR");
        before.Currency.Should().Be("MAD");
        after.Currency.Should().Be("EUR");
    }

    [Theory]
    [InlineData("ZZZ")]
    [InlineData("eur")]
    [InlineData("<script>")]
    public async Task A_currency_not_in_the_list_is_refused_and_changes_nothing(string currency)
    {
        var store = await app.CreateStoreAsync();
        using var owner = await app.SignInAsync(store);

        var refused = await owner.PostFormAsync("/settings", Settings(store, currency));

        refused.Status.Should().Be(HttpStatusCode.OK);
        refused.Document.QuerySelector("[data-valmsg-for='Input.Currency']")!.TextContent.Should().Be("Choose a currency from the list.");
        (await app.InDbAsync(store.TenantId, db => db.Tenants.Where(t => t.Id == store.TenantId).Select(t => t.Currency).SingleAsync())).Should().Be("MAD");
    }
}
