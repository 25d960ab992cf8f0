using System.Net;
using System.Net.Http.Headers;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Account;

/// <summary>
/// Sign-up asks where the store sells, its time zone and its language: the first two from guesses the person corrects
/// (the browser's language region, the browser's zone through wwwroot/js/time-zone.js), the language from the page's.
/// Whatever is refused creates nothing.
/// </summary>
public class SignUpTests(StockApp app)
{
    private StoreClient Anonymous(string acceptLanguage)
    {
        var client = new StoreClient(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        client.Http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(acceptLanguage));
        return client;
    }

    private static Dictionary<string, string> Form(string email, string? timeZone, string? language, string country = "FR")
    {
        var form = new Dictionary<string, string>
        {
            ["Input.StoreName"] = "Maison Lumière", ["Input.FullName"] = "Camille Martin", ["Input.Email"] = email,
            ["Input.Password"] = "a long enough phrase", ["Input.Country"] = country,
        };
        if (timeZone is not null)
        {
            form["Input.TimeZone"] = timeZone;
        }
        if (language is not null)
        {
            form["Input.Language"] = language;
        }
        return form;
    }

    private Task<T?> StoreOfAsync<T>(string email, System.Linq.Expressions.Expression<Func<Tenant, T>> select) =>
        app.AcrossStoresAsync(db => db.Users.IgnoreQueryFilters().Where(u => u.Email == email)
            .Join(db.Tenants.IgnoreQueryFilters(), u => u.TenantId, t => t.Id, (_, t) => t).Select(select).SingleOrDefaultAsync());

    [Fact]
    public async Task Sign_up_stores_the_country_time_zone_and_language_and_the_pages_then_speak_that_language()
    {
        using var client = Anonymous("en-US");
        var email = $"owner-{Guid.NewGuid():N}@example.test";

        var signUp = await client.PostFormAsync("/account/sign-up", Form(email, "Europe/Paris", "fr"));
        var dashboard = await client.GetAsync(signUp.Location!);

        signUp.Status.Should().Be(HttpStatusCode.Redirect, signUp.Text);
        (await StoreOfAsync(email, t => new { t.Country, t.TimeZone, t.Language }))
            .Should().BeEquivalentTo(new { Country = "FR", TimeZone = "Europe/Paris", Language = "fr" });
        dashboard.Document.DocumentElement.GetAttribute("lang").Should().Be("fr", "the owner chose French although the browser asks for English");
        dashboard.Document.QuerySelector("h1")!.TextContent.Should().Be("Tableau de bord");
        dashboard.Document.QuerySelector(".alert-success[role=status]")!.TextContent.Should().Contain("Bienvenue", "the welcome is in the chosen language too");
    }

    [Fact]
    public async Task The_form_preselects_the_countrys_time_zone_and_the_pages_language_and_lets_the_browser_guess_the_zone()
    {
        using var client = Anonymous("fr-FR");

        var page = await client.GetAsync("/account/sign-up");

        var zone = page.Document.QuerySelector("select[name='Input.TimeZone']")!;
        zone.QuerySelector("option[selected]")!.GetAttribute("value").Should().Be("Europe/Paris", "without JavaScript the country's zone stays");
        zone.GetAttribute("data-guess-time-zone").Should().Be("true", "time-zone.js picks the browser's zone on a first visit");
        zone.QuerySelectorAll("option").Select(o => o.GetAttribute("value")).Should().Contain(["UTC", "Africa/Casablanca", "America/New_York"]);
        page.Document.QuerySelector("select[name='Input.Language'] option[selected]")!.GetAttribute("value").Should().Be("fr");
        page.Document.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")).Should().Contain(s => s!.StartsWith("/js/time-zone.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_post_without_zone_or_language_takes_the_countrys_zone_and_the_pages_language()
    {
        using var client = Anonymous("en");
        var email = $"owner-{Guid.NewGuid():N}@example.test";

        var signUp = await client.PostFormAsync("/account/sign-up", Form(email, timeZone: null, language: null, country: "MA"));

        signUp.Status.Should().Be(HttpStatusCode.Redirect, signUp.Text);
        (await StoreOfAsync(email, t => new { t.TimeZone, t.Language })).Should().BeEquivalentTo(new { TimeZone = "Africa/Casablanca", Language = "en" });
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons", "fr", "Input.TimeZone", "Choose a time zone from the list.")]
    [InlineData("Europe/Paris", "de", "Input.Language", "Choose a language from the list.")]
    public async Task An_unknown_time_zone_or_language_is_a_form_error_and_creates_no_store(string timeZone, string language, string field, string message)
    {
        using var client = Anonymous("en");
        var email = $"owner-{Guid.NewGuid():N}@example.test";

        var refused = await client.PostFormAsync("/account/sign-up", Form(email, timeZone, language));

        refused.Status.Should().Be(HttpStatusCode.OK);
        refused.Document.QuerySelector($"[data-valmsg-for='{field}']")!.TextContent.Should().Be(message);
        refused.Document.QuerySelector("select[name='Input.TimeZone']")!.GetAttribute("data-guess-time-zone")
            .Should().Be("false", "the form shown again keeps what was posted; the browser's guess does not overwrite it");
        (await app.AcrossStoresAsync(db => db.Users.IgnoreQueryFilters().AnyAsync(u => u.Email == email))).Should().BeFalse();
        (await app.AcrossStoresAsync(db => db.Tenants.IgnoreQueryFilters().CountAsync(t => t.Name == "Maison Lumière" && t.TimeZone == timeZone && t.Language == language)))
            .Should().Be(0);
    }
}
