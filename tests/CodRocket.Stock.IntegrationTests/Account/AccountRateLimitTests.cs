using System.Net;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CodRocket.Stock.IntegrationTests.Account;

/// <summary>Sign-in and sign-up attempts are limited per client address, with a clear 429 page.</summary>
public class AccountRateLimitTests(StockApp app)
{
    [Fact]
    public async Task Too_many_sign_in_or_sign_up_posts_from_one_address_get_a_429_page_not_a_500()
    {
        await using var limited = app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Account:RateLimit:SignInPerMinute", "3");
            builder.UseSetting("Account:RateLimit:SignUpPerHour", "2");
        });
        using var client = new StoreClient(limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        var store = await app.CreateStoreAsync();

        var signIns = new List<Page>();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            signIns.Add(await client.PostFormAsync("/account/sign-in", new() { ["Input.Email"] = $"nobody-{attempt}@example.test", ["Input.Password"] = "wrong guess" }));
        }
        var signUps = new List<Page>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            signUps.Add(await client.PostFormAsync("/account/sign-up", new()
            {
                ["Input.StoreName"] = "Spam",
                ["Input.FullName"] = "Spammer",
                ["Input.Email"] = store.Email, // refused as a duplicate: creates nothing, still counted
                ["Input.Password"] = "a long enough phrase",
            }));
        }

        signIns.Take(3).Should().OnlyContain(p => p.Status == HttpStatusCode.OK);
        signIns[3].Status.Should().Be(HttpStatusCode.TooManyRequests);
        signIns[3].Text.Should().Contain("Too many attempts").And.Contain("Wait a few minutes");
        signUps.Take(2).Should().OnlyContain(p => p.Status == HttpStatusCode.OK);
        signUps[2].Status.Should().Be(HttpStatusCode.TooManyRequests);
        signUps[2].Text.Should().Contain("Too many attempts");
        // Showing the forms is never limited.
        (await client.GetAsync("/account/sign-in")).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_member_cannot_send_invitations_without_end_to_test_which_addresses_have_accounts()
    {
        await using var limited = app.WithWebHostBuilder(builder => builder.UseSetting("Account:RateLimit:InvitesPerHour", "2"));
        var store = await app.CreateStoreAsync();
        var other = await app.CreateStoreAsync();
        using var owner = new StoreClient(limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        (await owner.PostFormAsync("/account/sign-in", new() { ["Input.Email"] = store.Email, ["Input.Password"] = StockApp.Password }))
            .Status.Should().Be(HttpStatusCode.Redirect);

        var invites = new List<Page>();
        foreach (var email in new[] { other.Email, "free-1@example.test", "free-2@example.test" })
        {
            invites.Add(await owner.PostFormAsync("/settings/team/invite", new()
            {
                ["Input.FullName"] = "Probe", ["Input.Email"] = email, ["Input.Role"] = "Staff", ["Input.Language"] = "en", ["Input.EmailAlerts"] = "true",
            }));
        }

        invites[0].Status.Should().Be(HttpStatusCode.OK, "an address with an account is refused on the form");
        invites[1].Status.Should().Be(HttpStatusCode.Redirect, "a free address is invited");
        invites[2].Status.Should().Be(HttpStatusCode.TooManyRequests);
        invites[2].Text.Should().Contain("Too many attempts");
        (await owner.GetAsync("/settings/team/invite")).Status.Should().Be(HttpStatusCode.OK, "showing the form is never limited");
    }
}
