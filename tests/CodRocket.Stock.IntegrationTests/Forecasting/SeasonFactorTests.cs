using System.Net;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Forecasting;

/// <summary>A store season's factor keeps 3 decimals: a fourth is refused with a message, never rounded (9.9999 was stored as 10).</summary>
public class SeasonFactorTests(StockApp app)
{
    private static Dictionary<string, string> Season(string factor) => new()
    {
        ["Input.Name"] = "Ramadan", ["Input.StartsOn"] = "2027-02-08", ["Input.EndsOn"] = "2027-03-09", ["Input.Factor"] = factor,
    };

    [Theory]
    [InlineData("en", "Factor has at most 3 decimals.")]
    [InlineData("fr", "3 décimales")]
    public async Task A_factor_with_four_decimals_shows_the_error_in_the_store_language_and_stores_nothing(string language, string message)
    {
        var store = await app.CreateStoreAsync(language: language);
        using var owner = await app.SignInAsync(store);

        var page = await owner.PostFormAsync("/settings/seasons", Season("9.9999"));

        page.Status.Should().Be(HttpStatusCode.OK);
        page.ValidationMessages.Should().ContainSingle().Which.Should().Contain(message);
        (await app.InDbAsync(store.TenantId, db => db.SeasonalPeriods.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task A_factor_with_three_decimals_is_stored_exactly()
    {
        var store = await app.CreateStoreAsync();
        using var owner = await app.SignInAsync(store);

        var page = await owner.PostFormAsync("/settings/seasons", Season("1.125"));

        page.Status.Should().Be(HttpStatusCode.Redirect);
        (await app.InDbAsync(store.TenantId, db => db.SeasonalPeriods.Select(s => s.Factor).SingleAsync())).Should().Be(1.125m);
    }
}
