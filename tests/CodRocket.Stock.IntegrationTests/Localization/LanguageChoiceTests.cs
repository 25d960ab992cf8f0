using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Localization;

/// <summary>Which language a request gets: the member's choice, else the store's, else the browser's.</summary>
public class LanguageChoiceTests(StockApp app)
{
    private static string? Heading(Page page) => page.Document.QuerySelector("h1")?.TextContent.Trim();

    [Fact]
    public async Task A_member_without_a_choice_reads_the_store_language_and_the_switcher_saves_their_own()
    {
        var store = await app.CreateStoreAsync(language: "fr");
        using var client = await app.SignInAsync(store);
        (await client.GetAsync("/warehouses")).Document.QuerySelector("h1")!.TextContent.Should().Contain("Entrepôts");

        var switched = await client.PostFormAsync("/account/language", new() { ["language"] = "en", ["returnUrl"] = "/warehouses" }, formUrl: "/warehouses");

        switched.Location.Should().Be("/warehouses");
        Heading(await client.GetAsync("/warehouses")).Should().Be("Warehouses");
        (await app.InDbAsync(store.TenantId, db => db.Users.Where(u => u.Id == store.OwnerId).Select(u => u.Language).SingleAsync())).Should().Be("en");

        // The choice is the member's, on any device: a fresh sign-in (no language cookie) reads English too.
        using var elsewhere = await app.SignInAsync(store);
        Heading(await elsewhere.GetAsync("/warehouses")).Should().Be("Warehouses");
    }

    [Fact]
    public async Task The_store_language_beats_the_browser_once_signed_in()
    {
        var store = await app.CreateStoreAsync(language: "en");
        using var client = await app.SignInAsync(store);
        client.Http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("fr-FR"));

        Heading(await client.GetAsync("/warehouses")).Should().Be("Warehouses");
    }

    [Fact]
    public async Task Signed_out_visitors_get_their_browser_language_until_they_pick_one()
    {
        using var client = new StoreClient(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        client.Http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("fr-MA"));
        client.Http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("ar", 0.8));

        var french = await client.GetAsync("/account/sign-in");
        french.Document.DocumentElement.GetAttribute("lang").Should().Be("fr");
        french.Document.QuerySelector("button[type=submit].btn-primary")!.TextContent.Should().Be("Se connecter");

        await client.PostFormAsync("/account/language", new() { ["language"] = "en", ["returnUrl"] = "/account/sign-in" }, formUrl: "/account/sign-in");

        (await client.GetAsync("/account/sign-in")).Document.QuerySelector("button[type=submit].btn-primary")!.TextContent.Should().Be("Sign in");
    }

    [Fact]
    public async Task Signing_up_in_french_makes_a_french_store()
    {
        using var client = new StoreClient(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        client.Http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("fr"));
        var email = $"owner-{Guid.NewGuid():N}@example.test";

        var signUp = await client.PostFormAsync("/account/sign-up", new()
        {
            ["Input.StoreName"] = "Épicerie Fès", ["Input.FullName"] = "Samira", ["Input.Email"] = email, ["Input.Password"] = StockApp.Password,
        });

        signUp.Status.Should().Be(HttpStatusCode.Redirect);
        var language = await app.AcrossStoresAsync(db => db.Tenants.Where(t => t.Name == "Épicerie Fès").Select(t => t.Language).FirstAsync());
        language.Should().Be("fr");
    }

    [Fact]
    public async Task Unsupported_languages_are_refused()
    {
        using var client = new StoreClient(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

        var response = await client.PostFormAsync("/account/language", new() { ["language"] = "xx", ["returnUrl"] = "https://evil.test/" }, formUrl: "/account/sign-in");

        response.Status.Should().Be(HttpStatusCode.BadRequest);
        (await client.PostFormAsync("/account/language", new() { ["language"] = "fr", ["returnUrl"] = "https://evil.test/" }, formUrl: "/account/sign-in"))
            .Location.Should().Be("/");
    }

    [Fact]
    public async Task Api_problem_titles_follow_accept_language_and_details_stay_english()
    {
        var (_, client) = await app.ApiStoreAsync();
        using var api = client;
        api.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("fr"));

        using var response = await api.GetAsync(new Uri("/api/v1/products/NOPE-1", UriKind.Relative), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        problem["title"]!.GetValue<string>().Should().Be("Introuvable");
        problem["detail"]!.GetValue<string>().Should().Contain("NOPE-1");
    }
}
