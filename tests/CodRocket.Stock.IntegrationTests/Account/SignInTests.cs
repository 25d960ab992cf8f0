using System.Net;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Tenancy;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Account;

public class SignInTests(StockApp app)
{
    private StoreClient Anonymous() =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    [Fact]
    public async Task Sign_up_creates_a_store_with_its_owner_and_signs_in()
    {
        using var client = Anonymous();
        var email = $"new-{Guid.NewGuid():N}@example.test";

        var response = await client.PostFormAsync("/account/sign-up", new()
        {
            ["Input.StoreName"] = "Souk Digital",
            ["Input.FullName"] = "Yasmine Alaoui",
            ["Input.Email"] = email,
            ["Input.Password"] = "a long enough phrase",
        });
        var dashboard = await client.GetAsync("/");

        response.Status.Should().Be(HttpStatusCode.Redirect);
        dashboard.Status.Should().Be(HttpStatusCode.OK);
        dashboard.Text.Should().Contain("Souk Digital").And.Contain("Yasmine Alaoui");
        var owner = await app.InDbAsync(Guid.Empty, db => db.Users.IgnoreQueryFilters().SingleAsync(u => u.Email == email));
        owner.Role.Should().Be(StoreRole.Owner);
        owner.EmailStockAlerts.Should().BeTrue();
    }

    [Fact]
    public async Task Sign_up_with_an_email_already_in_use_is_refused_and_creates_no_store()
    {
        var existing = await app.CreateStoreAsync();
        using var client = Anonymous();
        var storesBefore = await app.InDbAsync(Guid.Empty, db => db.Tenants.CountAsync());

        var page = await client.PostFormAsync("/account/sign-up", new()
        {
            ["Input.StoreName"] = "Copycat",
            ["Input.FullName"] = "Someone",
            ["Input.Email"] = existing.Email,
            ["Input.Password"] = "another long phrase",
        });

        page.Status.Should().Be(HttpStatusCode.OK);
        page.ValidationMessages.Should().Contain("An account already uses this email. Sign in instead.");
        (await app.InDbAsync(Guid.Empty, db => db.Tenants.CountAsync(t => t.Name == "Copycat"))).Should().Be(0);
        _ = storesBefore;
    }

    [Fact]
    public async Task Every_page_but_sign_in_and_sign_up_requires_a_signed_in_user()
    {
        using var client = Anonymous();

        foreach (var url in new[] { "/", "/inventory/products", "/warehouses", "/orders", "/reports", "/settings", "/inventory/products/create" })
        {
            var page = await client.GetAsync(url);
            page.Status.Should().Be(HttpStatusCode.Redirect, url);
            page.Location.Should().Contain("/account/sign-in", url);
        }
        (await client.GetAsync("/account/sign-in")).Status.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/account/sign-up")).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_five_failures_lock_the_account()
    {
        var store = await app.CreateStoreAsync();
        using var client = Anonymous();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var failed = await client.PostFormAsync("/account/sign-in", new() { ["Input.Email"] = store.Email, ["Input.Password"] = "wrong password" });
            failed.Status.Should().Be(HttpStatusCode.OK);
        }
        var locked = await client.PostFormAsync("/account/sign-in", new() { ["Input.Email"] = store.Email, ["Input.Password"] = StockApp.Password });

        locked.Status.Should().Be(HttpStatusCode.OK);
        locked.ValidationMessages.Should().Contain(m => m.Contains("locked", StringComparison.Ordinal));
        (await client.GetAsync("/")).Status.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_as_a_wrong_password()
    {
        using var client = Anonymous();

        var page = await client.PostFormAsync("/account/sign-in", new() { ["Input.Email"] = "nobody@example.test", ["Input.Password"] = "whatever it is" });

        page.ValidationMessages.Should().Contain("Email or password is incorrect.");
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_rejected()
    {
        var store = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(store);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Code"] = "CSRF", ["Input.Name"] = "Forged" });

        using var response = await client.Http.PostAsync(new Uri("/warehouses/create", UriKind.Relative), content, TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await app.InDbAsync(store.TenantId, db => db.Warehouses.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var store = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(store);

        var signOut = await client.PostFormAsync("/account/sign-out", new(), formUrl: "/");

        signOut.Location.Should().Be("/account/sign-in");
        (await client.GetAsync("/")).Status.Should().Be(HttpStatusCode.Redirect);
    }
}
