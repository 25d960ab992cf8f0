using System.Net;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Account;

/// <summary>The invitation page tells nothing (no store, no address) to someone without the e-mailed token.</summary>
public class InvitationPageTests(StockApp app)
{
    [Fact]
    public async Task An_invitation_page_without_a_valid_token_shows_neither_the_store_nor_the_address()
    {
        var store = await app.CreateStoreAsync("Boutique Secrète");
        using var owner = await app.SignInAsync(store);
        var email = $"invitee-{Guid.NewGuid():N}@example.test";
        (await owner.PostFormAsync("/settings/team/invite", new() { ["Input.FullName"] = "Invitée Discrète", ["Input.Email"] = email, ["Input.Role"] = "Staff" }))
            .Status.Should().Be(HttpStatusCode.Redirect);
        var memberId = await app.InDbAsync(store.TenantId, db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        using var stranger = new StoreClient(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));

        foreach (var url in new[]
        {
            $"/account/accept-invitation?user={memberId}&token=guessed",
            $"/account/accept-invitation?user={memberId}&token=",
            $"/account/accept-invitation?user={memberId}",
        })
        {
            var page = await stranger.GetAsync(url);
            page.Status.Should().Be(HttpStatusCode.OK, url);
            page.Text.Should().Contain("This invitation is not valid", url)
                .And.NotContain("Boutique Secrète", url).And.NotContain(email, url).And.NotContain("Invitée Discrète", url);
            page.Document.QuerySelector("input[name='Input.Password']").Should().BeNull(url);
        }
        var posted = await stranger.PostFormAsync($"/account/accept-invitation?user={memberId}&token=guessed",
            new() { ["Input.Password"] = "attacker password", ["Input.ConfirmPassword"] = "attacker password" });
        posted.Text.Should().NotContain("Boutique Secrète");
        (await app.InDbAsync(store.TenantId, db => db.Users.SingleAsync(u => u.Id == memberId))).PasswordHash.Should().BeNull();
    }
}
