using System.Net;
using CodRocket.Stock.Alerts;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Forecasting;

public class SuggestedThresholdTests(StockApp app)
{
    /// <summary>The help centre's example: 600 units in a 30-day window is 20 a day; 3 days of lead time → 60.</summary>
    private async Task<(TestStore Store, Guid Warehouse, Guid Product)> TwentyADayAsync(int stock)
    {
        var store = await app.CreateStoreAsync();
        await app.SetStoreAsync(store.TenantId, "Africa/Casablanca", 30);
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "TSH-1", null, (warehouse, stock));
        await app.SetReplenishmentAsync(store.TenantId, product, leadTime: 3, safety: null);
        await app.PlaceAtAsync(store.TenantId, DateTimeOffset.UtcNow.AddDays(-2), OrderSeeding.Draft(warehouse, ("TSH-1", 600)));
        return (store, warehouse, product);
    }

    [Fact]
    public async Task The_product_page_shows_the_suggestion_in_words_and_apply_sets_it_and_opens_the_alert_at_once()
    {
        var (store, _, product) = await TwentyADayAsync(stock: 650);
        using var client = await app.SignInAsync(store);

        var page = await client.GetAsync($"/inventory/products/{product}");
        page.Document.QuerySelector("[data-testid=suggestions]")!.TextContent.Should().Contain("20/day × 3 days = 60");
        page.Document.QuerySelector("[data-testid=forecast] [data-testid=days-left]")!.TextContent.Should().Contain("2.5 days", "50 available ÷ 20/day");
        page.Document.QuerySelector("[data-testid=stock-chart] svg")!.GetAttribute("role").Should().Be("img");

        var applied = await client.PostFormAsync($"/inventory/products/{product}/apply-suggestion", new() { ["expected"] = "60" },
            formUrl: $"/inventory/products/{product}");

        applied.Status.Should().Be(HttpStatusCode.Redirect);
        (await app.InDbAsync(store.TenantId, db => db.Products.SingleAsync(p => p.Id == product))).LowStockThreshold.Should().Be(60);
        var alert = await app.InDbAsync(store.TenantId, db => db.StockAlerts.SingleAsync(a => a.ResolvedAt == null));
        alert.Should().Match<StockAlert>(a => a.ProductId == product && a.WarehouseId == null && a.Threshold == 60, "50 available is at or below 60 (I3)");
        var history = await app.InDbAsync(store.TenantId, db => db.SettingChanges.AsNoTracking().ToListAsync());
        history.Should().ContainSingle("the Apply button goes through the audited settings path").Which.Should().Match<SettingChange>(c =>
            c.ProductId == product && c.WarehouseId == null && c.Field == SettingField.LowStockThreshold
            && c.OldValue == null && c.NewValue == "60" && c.Source == ChangeSource.ProductPage && c.UserId != null);
    }

    [Fact]
    public async Task Apply_for_one_warehouse_sets_that_warehouse_threshold_from_its_own_sales()
    {
        var (store, warehouse, product) = await TwentyADayAsync(stock: 1_000);
        var quiet = await app.AddWarehouseAsync(store.TenantId, "RAK");
        await app.ApplyAsync(store.TenantId, CodRocket.Stock.Inventory.StockChange.Receive(product, quiet, 10));
        using var client = await app.SignInAsync(store);

        await client.PostFormAsync($"/inventory/products/{product}/apply-suggestion",
            new() { ["warehouseId"] = warehouse.ToString(), ["expected"] = "60" }, formUrl: $"/inventory/products/{product}");
        await client.PostFormAsync($"/inventory/products/{product}/apply-suggestion",
            new() { ["warehouseId"] = quiet.ToString(), ["expected"] = "0" }, formUrl: $"/inventory/products/{product}");

        var thresholds = await app.InDbAsync(store.TenantId, db => db.StockLevels.AsNoTracking().ToDictionaryAsync(s => s.WarehouseId, s => s.LowStockThreshold));
        thresholds[warehouse].Should().Be(60);
        thresholds[quiet].Should().Be(0, "no sales there and no safety stock");
    }

    [Fact]
    public async Task A_stale_or_missing_suggestion_changes_nothing_and_says_why()
    {
        var (store, _, product) = await TwentyADayAsync(stock: 1_000);
        using var client = await app.SignInAsync(store);

        var stale = await client.PostFormAsync($"/inventory/products/{product}/apply-suggestion", new() { ["expected"] = "59" }, formUrl: $"/inventory/products/{product}");
        var shown = await client.GetAsync(stale.Location!);
        shown.Text.Should().Contain("The suggestion is now 60");

        await app.SetReplenishmentAsync(store.TenantId, product, leadTime: null, safety: 5);
        var missing = await client.PostFormAsync($"/inventory/products/{product}/apply-suggestion", new() { ["expected"] = "60" }, formUrl: $"/inventory/products/{product}");
        (await client.GetAsync(missing.Location!)).Text.Should().Contain("set a supplier lead time first");
        (await client.GetAsync($"/inventory/products/{product}")).Text.Should().Contain("Set a supplier lead time to get a suggestion.");

        var other = await app.CreateStoreAsync();
        using var stranger = await app.SignInAsync(other);
        (await stranger.PostFormAsync($"/inventory/products/{product}/apply-suggestion", new() { ["expected"] = "60" }, formUrl: "/settings/seasons"))
            .Status.Should().Be(HttpStatusCode.NotFound, "another store's product does not exist here (I5)");
        (await app.InDbAsync(store.TenantId, db => db.Products.SingleAsync(p => p.Id == product))).LowStockThreshold.Should().BeNull();
    }

    [Fact]
    public async Task A_store_season_in_force_today_multiplies_the_suggestion_and_bad_seasons_are_refused_with_reasons()
    {
        var (store, _, product) = await TwentyADayAsync(stock: 1_000);
        using var client = await app.SignInAsync(store);
        var today = StoreDay.Of(DateTimeOffset.UtcNow, "Africa/Casablanca");
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var added = await client.PostFormAsync("/settings/seasons", new()
        {
            ["Input.Name"] = "Ramadan", ["Input.StartsOn"] = Day(today.AddDays(-3)), ["Input.EndsOn"] = Day(today.AddDays(26)), ["Input.Factor"] = "1.5",
        });
        added.Status.Should().Be(HttpStatusCode.Redirect);
        (await client.GetAsync($"/inventory/products/{product}")).Document.QuerySelector("[data-testid=suggestions]")!.TextContent
            .Should().Contain("20/day × 3 days × 1.5 = 90");
        var suggestion = await app.InStoreAsync(store.TenantId, async s =>
        {
            var forecasts = s.GetRequiredService<StockForecasts>();
            return (await forecasts.ForProductsAsync([product], await forecasts.CalendarAsync(CancellationToken.None), CancellationToken.None))[product];
        });
        suggestion.Forecast.Suggestion.Value.Should().Be(90);

        var bad = new (string Field, string Value, string Message)[]
        {
            ("Input.EndsOn", Day(today.AddDays(-40)), "The season ends on or after its first day."),
            ("Input.EndsOn", Day(today), "These dates overlap the season Ramadan"),
            ("Input.Factor", "0", "Factor is between 0.1 and 10."),
            ("Input.Factor", "abc", "The value 'abc' is not valid"),
            ("Input.StartsOn", "", "Enter the first day."),
            ("Input.Name", new string('n', 81), "Season has at most 80 characters."),
        };
        foreach (var (field, value, message) in bad)
        {
            var fields = new Dictionary<string, string>
            {
                ["Input.Name"] = "Summer", ["Input.StartsOn"] = Day(today.AddDays(-30)), ["Input.EndsOn"] = Day(today.AddDays(-20)), ["Input.Factor"] = "1.2",
            };
            fields[field] = value;
            var page = await client.PostFormAsync("/settings/seasons", fields);
            page.Status.Should().Be(HttpStatusCode.OK, field + "=" + value);
            page.ValidationMessages.Should().Contain(m => m.Contains(message, StringComparison.Ordinal), field + "=" + value);
        }
        (await app.InDbAsync(store.TenantId, db => db.SeasonalPeriods.CountAsync())).Should().Be(1);
    }
}
