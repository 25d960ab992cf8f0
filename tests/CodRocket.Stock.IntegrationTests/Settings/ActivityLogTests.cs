using System.Net;
using AngleSharp.Html.Dom;
using CodRocket.Stock.Api;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Settings;

/// <summary>Issue 18, item 8: Settings → Activity, driven through the pages as the owner, a manager and a stranger would.</summary>
public class ActivityLogTests(StockApp app)
{
    [Fact]
    public async Task The_owner_reads_who_signed_in_created_a_key_changed_settings_and_invited_someone_newest_first()
    {
        var store = await app.CreateStoreAsync();
        using var owner = await app.SignInAsync(store);

        (await owner.PostFormAsync("/settings/api-keys", new() { ["Input.Name"] = "Storefront", ["Input.Read"] = "true" }, "Create"))
            .Status.Should().Be(HttpStatusCode.OK);
        var keyId = await app.InDbAsync(store.TenantId, db => db.ApiKeys.Select(k => k.Id).SingleAsync());
        (await owner.PostFormAsync($"/settings/api-keys?id={keyId}", new() { ["confirmed"] = "true" }, "Revoke", "/settings/api-keys")).Status.Should().Be(HttpStatusCode.Redirect);
        var settings = await owner.GetAsync("/settings");
        var form = settings.Document.Forms.Single(f => f.Elements.Any(e => e.GetAttribute("name") == "Input.Name"));
        ((IHtmlInputElement)form.Elements.Single(e => e.GetAttribute("name") == "Input.Name")).Value = "Renamed Souk";
        (await owner.SubmitAsync(settings, form)).Status.Should().Be(HttpStatusCode.Redirect);
        (await owner.PostFormAsync("/settings/team/invite", new()
        {
            ["Input.FullName"] = "Nadia Berrada",
            ["Input.Email"] = $"nadia-{Guid.NewGuid():N}@example.test",
            ["Input.Role"] = nameof(StoreRole.Manager),
        })).Status.Should().Be(HttpStatusCode.Redirect);

        var page = await owner.GetAsync("/settings/activity");
        var rows = Rows(page);
        var keysOnly = Rows(await owner.GetAsync("/settings/activity?show=api-keys"));

        page.Status.Should().Be(HttpStatusCode.OK);
        rows.Select(r => r.What).Should().Equal(
            $"Invited Nadia Berrada ({rows[0].What.Split('(', ')')[1]}) as Manager",
            // The form also saves the country it guessed for a store that had none: a change too.
            "Changed store settings: Store name, Country",
            "Revoked API key Storefront (" + rows[2].What.Split('(', ')')[1] + ")",
            "Created API key Storefront (" + rows[3].What.Split('(', ')')[1] + ")",
            "Signed in");
        rows.Select(r => r.Who).Distinct().Should().ContainSingle("the owner did all of it");
        keysOnly.Select(r => r.What).Should().HaveCount(2).And.OnlyContain(w => w.Contains("API key Storefront"));
        page.Document.QuerySelector(".inventory-tabs a[href='/settings/activity']").Should().NotBeNull("the owner sees the tab");
    }

    [Fact]
    public async Task Wrong_passwords_sent_from_another_stores_session_are_logged_in_the_targets_store_as_someone_and_the_lockout_too()
    {
        var target = await app.CreateStoreAsync();
        var other = await app.CreateStoreAsync();
        using var attacker = await app.SignInAsync(other);

        for (var i = 0; i < 5; i++)
        {
            await attacker.PostFormAsync("/account/sign-in", new() { ["Input.Email"] = target.Email, ["Input.Password"] = "not the password" }, formUrl: "/");
        }

        var logged = await app.InDbAsync(target.TenantId, db => db.Activity.AsNoTracking().OrderBy(e => e.Id).ToListAsync());
        logged.Select(e => e.Kind).Should().Equal(
            ActivityKind.SignInFailed, ActivityKind.SignInFailed, ActivityKind.SignInFailed, ActivityKind.SignInFailed, ActivityKind.LockedOut);
        logged.Should().OnlyContain(e => e.ActorId == null && e.ActorName == null && e.Subject == target.Email,
            "the attacker's cookie names the other store's owner, who is not who typed the password");
        var ownLog = await app.InDbAsync(other.TenantId, db => db.Activity.AsNoTracking().ToListAsync());
        ownLog.Should().ContainSingle().Which.Kind.Should().Be(ActivityKind.SignedIn, "nothing of the target's reaches the other store's log");
    }

    [Fact]
    public async Task A_webhook_endpoint_added_and_deleted_through_the_API_is_logged_with_the_key_that_did_it()
    {
        var store = await app.CreateStoreAsync();
        var secret = await app.CreateApiKeyAsync(store.TenantId, "Integrator", ApiKeyScopes.Every);
        using var api = app.ApiClient(secret);

        var created = await api.PostJsonAsync("/api/v1/webhooks", """{"url":"http://127.0.0.1:9/exfiltrate","events":["order.created"]}""");
        var id = created.Json["endpoint"]!["id"]!.GetValue<Guid>();
        (await api.SendAsync(HttpMethod.Delete, $"/api/v1/webhooks/{id}")).Status.Should().Be(HttpStatusCode.NoContent);

        var logged = await app.InDbAsync(store.TenantId, db => db.Activity.AsNoTracking().OrderBy(e => e.Id).ToListAsync());
        logged.Select(e => (e.Kind, e.Subject)).Should().Equal(
            (ActivityKind.WebhookCreated, "http://127.0.0.1:9/exfiltrate"), (ActivityKind.WebhookDeleted, "http://127.0.0.1:9/exfiltrate"));
        var actor = "API key " + secret[..12];
        logged.Should().OnlyContain(e => e.ActorName == actor,
            "an endpoint that sends the store's orders out is worth knowing which key added it");
    }

    [Fact]
    public async Task A_manager_neither_sees_the_tab_nor_opens_the_page()
    {
        var store = await app.CreateStoreAsync();
        var manager = await app.AddMemberAsync(store.TenantId, "Karim Manager", StoreRole.Manager);
        using var client = await app.SignInAsync(store with { Email = manager.Email! });

        var settings = await client.GetAsync("/settings");
        var activity = await client.GetAsync("/settings/activity");

        settings.Document.QuerySelector("a[href='/settings/activity']").Should().BeNull();
        activity.Status.Should().NotBe(HttpStatusCode.OK);
        activity.Document.QuerySelector("[data-testid=activity]").Should().BeNull();
    }

    // The desktop columns; the line a phone shows under "what" instead (who, when, from) is left out.
    private static List<(string Who, string What)> Rows(Page page) =>
        page.Document.QuerySelectorAll("[data-testid=activity] tbody tr")
            .Select(r => r.QuerySelectorAll("td").Select(td =>
            {
                var cell = (AngleSharp.Dom.IElement)td.Clone();
                foreach (var phoneOnly in cell.QuerySelectorAll(".d-md-none"))
                {
                    phoneOnly.Remove();
                }
                return string.Join(' ', cell.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            }).ToList())
            .Select(c => (c[1], c[2]))
            .ToList();
}
