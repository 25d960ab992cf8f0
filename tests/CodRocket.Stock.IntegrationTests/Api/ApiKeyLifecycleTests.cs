using System.Net;
using CodRocket.Stock.Api;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>API keys end with their creator's place in the team, at their expiry, and do only what their scopes allow.</summary>
public class ApiKeyLifecycleTests(StockApp app)
{
    private Task<string> KeyAsync(Guid tenantId, Guid? createdBy, ApiKeyScopes scopes = ApiKeyScopes.All,
        DateTimeOffset? createdAt = null, DateTimeOffset? expiresAt = null) =>
        app.InDbAsync(tenantId, async db =>
        {
            var (key, secret) = ApiKey.Create("Integration", createdBy, createdAt ?? DateTimeOffset.UtcNow, scopes, expiresAt);
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync();
            return secret;
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_removed_or_demoted_managers_key_answers_401_and_the_owner_is_told(bool demote)
    {
        var store = await app.CreateStoreAsync();
        var manager = await app.AddMemberAsync(store.TenantId, "Karim Manager", StoreRole.Manager);
        var theirs = app.ApiClient(await KeyAsync(store.TenantId, manager.Id));
        var owners = app.ApiClient(await KeyAsync(store.TenantId, store.OwnerId));
        (await theirs.GetJsonAsync("/api/v1/products")).Status.Should().Be(HttpStatusCode.OK);
        using var owner = await app.SignInAsync(store);

        var done = demote
            ? await owner.PostFormAsync($"/settings/team/{manager.Id}/edit", new()
            {
                ["Input.FullName"] = "Karim Manager", ["Input.Email"] = manager.Email!, ["Input.Role"] = "Staff", ["Input.Language"] = "en",
            })
            : await owner.PostFormAsync($"/settings/team/{manager.Id}/edit", new() { ["confirmed"] = "true" }, handler: "Remove");

        done.Status.Should().Be(HttpStatusCode.Redirect, done.Text);
        (await theirs.GetJsonAsync("/api/v1/products")).Status.Should().Be(HttpStatusCode.Unauthorized);
        (await owners.GetJsonAsync("/api/v1/products")).Status.Should().Be(HttpStatusCode.OK, "only the member's own keys go");
        (await owner.GetAsync("/settings/team")).Text.Should().Contain("1 API key(s) Karim Manager created were revoked");
        (await app.InDbAsync(store.TenantId, db => db.ApiKeys.Where(k => k.CreatedBy == manager.Id).Select(k => k.RevokedBy).SingleAsync()))
            .Should().Be(store.OwnerId);
        await app.DeliverAsync(store.TenantId);
        app.Mail.To(store.Email).Should().NotContain(m => (m.Subject ?? "").StartsWith("API keys revoked", StringComparison.Ordinal), "the owner did it and read it on the page");
    }

    [Fact]
    public async Task When_a_manager_removes_another_manager_the_owner_is_told_by_email_which_keys_went()
    {
        var store = await app.CreateStoreAsync();
        var acting = await app.AddMemberAsync(store.TenantId, "Nadia Acting", StoreRole.Manager);
        var leaving = await app.AddMemberAsync(store.TenantId, "Karim Leaving", StoreRole.Manager);
        await KeyAsync(store.TenantId, leaving.Id);
        using var manager = await app.SignInAsync(store with { Email = acting.Email! });

        var removed = await manager.PostFormAsync($"/settings/team/{leaving.Id}/edit", new() { ["confirmed"] = "true" }, handler: "Remove");
        await app.DeliverAsync(store.TenantId);

        removed.Status.Should().Be(HttpStatusCode.Redirect, removed.Text);
        (await manager.GetAsync("/settings/team")).Text.Should().Contain("The owner has been told by e-mail.");
        var notice = app.Mail.To(store.Email).Should().ContainSingle(m => m.Subject == $"API keys revoked in {store.Name}").Subject;
        notice.TextBody.Should().Contain("Nadia Acting removed Karim Leaving from the team").And.Contain("were revoked: Integration.")
            .And.Contain("/settings/api-keys");
        app.Mail.To(acting.Email!).Should().BeEmpty("the manager who did it read it on the page");
    }

    [Fact]
    public async Task An_expired_key_answers_401()
    {
        var store = await app.CreateStoreAsync();
        var now = DateTimeOffset.UtcNow;
        var expired = app.ApiClient(await KeyAsync(store.TenantId, store.OwnerId, createdAt: now.AddDays(-31), expiresAt: now.AddMinutes(-1)));
        var live = app.ApiClient(await KeyAsync(store.TenantId, store.OwnerId, createdAt: now, expiresAt: now.AddDays(30)));

        (await expired.GetJsonAsync("/api/v1/products")).Status.Should().Be(HttpStatusCode.Unauthorized);
        (await live.GetJsonAsync("/api/v1/products")).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_key_does_only_what_its_scopes_allow()
    {
        var store = await app.CreateStoreAsync();
        var cas = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "SKU-1", threshold: 1, (cas, 10));
        var reader = app.ApiClient(await KeyAsync(store.TenantId, store.OwnerId, ApiKeyScopes.Read));
        var stock = app.ApiClient(await KeyAsync(store.TenantId, store.OwnerId, ApiKeyScopes.Read | ApiKeyScopes.Write));
        const string Receipt = """{"sku":"SKU-1","warehouse":"CAS","type":"receipt","quantity":1}""";
        const string Order = """{"warehouse":"CAS","customer":{"name":"A","phone":"0612345678","city":"Fes"},"lines":[{"sku":"SKU-1","quantity":1}]}""";

        (await reader.GetJsonAsync("/api/v1/stock")).Status.Should().Be(HttpStatusCode.OK);
        var refused = await reader.PostJsonAsync("/api/v1/stock/movements", Receipt, Guid.NewGuid().ToString());
        refused.Status.Should().Be(HttpStatusCode.Forbidden, refused.ToString());
        refused.Json["requiredScope"]!.GetValue<string>().Should().Be("write");
        (await stock.PostJsonAsync("/api/v1/stock/movements", Receipt, Guid.NewGuid().ToString())).Status.Should().Be(HttpStatusCode.Created);
        (await stock.PostJsonAsync("/api/v1/orders", Order, Guid.NewGuid().ToString())).Status.Should().Be(HttpStatusCode.Forbidden);
        (await app.InDbAsync(store.TenantId, db => db.StockMovements.CountAsync())).Should().Be(2, "the seeded receipt and the write key's");
        (await app.InDbAsync(store.TenantId, db => db.Orders.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Settings_creates_a_key_with_its_scopes_and_expiry_and_shows_who_made_it()
    {
        var store = await app.CreateStoreAsync();
        using var owner = await app.SignInAsync(store);

        var created = await owner.PostFormAsync("/settings/api-keys", new()
        {
            ["Input.Name"] = "Courier", ["Input.Read"] = "true", ["Input.Write"] = "false", ["Input.Orders"] = "false", ["Input.ExpiresInDays"] = "30",
        }, handler: "Create");
        var none = await owner.PostFormAsync("/settings/api-keys", new()
        {
            ["Input.Name"] = "Nothing", ["Input.Read"] = "false", ["Input.Write"] = "false", ["Input.Orders"] = "false",
        }, handler: "Create");

        created.Status.Should().Be(HttpStatusCode.OK);
        created.Document.QuerySelector("#created-key")!.GetAttribute("value").Should().StartWith("crs_");
        created.Text.Should().Contain("Owner " + store.Name).And.Contain("Expires");
        var key = await app.InDbAsync(store.TenantId, db => db.ApiKeys.SingleAsync());
        (key.Scopes, key.CreatedBy).Should().Be((ApiKeyScopes.Read, store.OwnerId));
        key.ExpiresAt.Should().BeCloseTo(DateTimeOffset.UtcNow.AddDays(30), TimeSpan.FromMinutes(1));
        none.ValidationMessages.Should().Contain("Choose at least one thing the key may do.");
    }
}
