using System.Net;
using System.Net.Http.Headers;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Orders;

/// <summary>
/// A customer's local phone number means something only in a country: each store says where it sells (sign-up guesses
/// it, Settings changes it), and orders read local numbers there — a French store's 06 is +33, a Moroccan one's +212.
/// </summary>
public class StoreCountryTests(StockApp app)
{
    private static string Order(string phone) => $$"""
        {"warehouse":"PAR","customer":{"name":"Camille Martin","phone":"{{phone}}","city":"Paris"},"lines":[{"sku":"LMP-1","quantity":1}]}
        """;

    [Fact]
    public async Task A_store_in_France_reads_its_customers_local_numbers_as_French_and_a_store_without_a_country_uses_the_default()
    {
        var (france, frenchApi) = await app.ApiStoreAsync();
        var (morocco, moroccanApi) = await app.ApiStoreAsync();
        foreach (var store in new[] { france, morocco })
        {
            var warehouse = await app.AddWarehouseAsync(store.TenantId, "PAR");
            await app.AddProductAsync(store.TenantId, "LMP-1", threshold: null, (warehouse, 10));
        }
        using var owner = await app.SignInAsync(france);

        var settings = await owner.GetAsync("/settings");
        settings.Document.QuerySelector("select[name='Input.Country'] option[selected]")!.TextContent.Should().Be("Morocco", "the app's default until the store says");
        var saved = await owner.PostFormAsync("/settings", new()
        {
            ["Input.Name"] = france.Name, ["Input.DefaultOutOfStockPolicy"] = "Block", ["Input.VelocityWindowDays"] = "30",
            ["Input.TimeZone"] = "Europe/Paris", ["Input.Language"] = "fr", ["Input.Country"] = "FR",
        });
        saved.Status.Should().Be(HttpStatusCode.Redirect, saved.ToString());
        var french = await frenchApi.PostJsonAsync("/api/v1/orders", Order("06 12 34 56 78"));
        var moroccan = await moroccanApi.PostJsonAsync("/api/v1/orders", Order("06 12 34 56 78"));

        french.Json["customer"]!["phone"]!.GetValue<string>().Should().Be("+33612345678", french.ToString());
        moroccan.Json["customer"]!["phone"]!.GetValue<string>().Should().Be("+212612345678", moroccan.ToString());
        (await owner.GetAsync("/settings")).Document.QuerySelector("select[name='Input.Country'] option[selected]")!.GetAttribute("value")
            .Should().Be("FR");
    }

    [Fact]
    public async Task A_country_that_is_not_in_the_list_is_refused_and_changes_nothing()
    {
        var store = await app.CreateStoreAsync();
        using var owner = await app.SignInAsync(store);

        var refused = await owner.PostFormAsync("/settings", new()
        {
            ["Input.Name"] = "Renamed", ["Input.DefaultOutOfStockPolicy"] = "Block", ["Input.VelocityWindowDays"] = "30",
            ["Input.TimeZone"] = "UTC", ["Input.Language"] = "en", ["Input.Country"] = "ZZ",
        });

        refused.Status.Should().Be(HttpStatusCode.OK);
        refused.Document.QuerySelector("[data-valmsg-for='Input.Country']")!.TextContent.Should().Be("Choose a country from the list.");
        (await app.InDbAsync(store.TenantId, db => db.Tenants.Where(t => t.Id == store.TenantId).Select(t => new { t.Name, t.Country }).SingleAsync()))
            .Should().BeEquivalentTo(new { store.Name, Country = (string?)null });
    }

    [Theory]
    [InlineData("fr-FR", "FR", "France")]
    [InlineData("fr-MA", "MA", "Maroc")]
    [InlineData("en", "MA", "Morocco")]
    public async Task Sign_up_guesses_the_country_from_the_browsers_language_and_keeps_the_one_chosen(string language, string guessed, string named)
    {
        using var client = new StoreClient(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        client.Http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));

        var page = await client.GetAsync("/account/sign-up");
        var selected = page.Document.QuerySelector("select[name='Input.Country'] option[selected]")!;
        var email = $"owner-{Guid.NewGuid():N}@example.test";
        var signUp = await client.PostFormAsync("/account/sign-up", new()
        {
            ["Input.StoreName"] = "Boutique", ["Input.FullName"] = "Camille", ["Input.Email"] = email,
            ["Input.Password"] = "a long enough phrase", ["Input.Country"] = "BE",
        });

        (selected.GetAttribute("value"), selected.TextContent).Should().Be((guessed, named));
        signUp.Status.Should().Be(HttpStatusCode.Redirect, signUp.ToString());
        (await app.AcrossStoresAsync(db => db.Users.IgnoreQueryFilters().Where(u => u.Email == email)
            .Join(db.Tenants.IgnoreQueryFilters(), u => u.TenantId, t => t.Id, (_, t) => t.Country).SingleAsync())).Should().Be("BE");
    }
}
