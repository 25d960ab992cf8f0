using System.Net;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.IntegrationTests.Settings;

/// <summary>Owner above Manager above Staff: nobody edits someone above them; warehouses are for Owners and Managers.</summary>
public class RoleHierarchyTests(StockApp app)
{
    [Fact]
    public async Task A_manager_cannot_change_the_owners_phone_sms_language_or_role_but_edits_staff()
    {
        var store = await app.CreateStoreAsync();
        var manager = await app.AddMemberAsync(store.TenantId, "Mona Manager", StoreRole.Manager);
        var staff = await app.AddMemberAsync(store.TenantId, "Sara Staff", StoreRole.Staff);
        using var client = await app.SignInAsync(store with { Email = manager.Email! });
        var hijack = new Dictionary<string, string>
        {
            ["Input.FullName"] = "Owner",
            ["Input.Email"] = store.Email,
            ["Input.Phone"] = "+212 612-345 678",
            ["Input.Role"] = "Staff",
            ["Input.Language"] = "fr",
            ["Input.EmailAlerts"] = "false",
            ["Input.SmsAlerts"] = "true",
        };

        var team = await client.GetAsync("/settings/team");
        var open = await client.GetAsync($"/settings/team/{store.OwnerId}/edit");
        var edit = await client.PostFormAsync($"/settings/team/{store.OwnerId}/edit", hijack, formUrl: "/settings/team");
        var remove = await client.PostFormAsync($"/settings/team/{store.OwnerId}/edit", new() { ["confirmed"] = "true" }, handler: "Remove", formUrl: "/settings/team");
        var editStaff = await client.PostFormAsync($"/settings/team/{staff.Id}/edit", new()
        {
            ["Input.FullName"] = "Sara Staff", ["Input.Email"] = staff.Email!, ["Input.Phone"] = "+212 612-345 679", ["Input.Role"] = "Staff", ["Input.SmsAlerts"] = "true",
        });

        team.Document.QuerySelectorAll($"a[href='/settings/team/{store.OwnerId}/edit']").Should().BeEmpty();
        team.Document.QuerySelectorAll($"a[href='/settings/team/{staff.Id}/edit']").Should().ContainSingle();
        open.Location.Should().Contain("/status/403");
        edit.Location.Should().Contain("/status/403");
        remove.Location.Should().Contain("/status/403");
        var owner = await app.InDbAsync(store.TenantId, db => db.Users.AsNoTracking().SingleAsync(u => u.Id == store.OwnerId));
        owner.Should().Match<StoreUser>(o => o.PhoneNumber == null && !o.SmsStockAlerts && o.Language == null && o.Role == StoreRole.Owner
            && o.EmailStockAlerts && o.FullName.StartsWith("Owner ", StringComparison.Ordinal) && o.RemovedAt == null);
        editStaff.Location.Should().Be("/settings/team", string.Join("; ", editStaff.ValidationMessages));
        (await app.InDbAsync(store.TenantId, db => db.Users.AsNoTracking().SingleAsync(u => u.Id == staff.Id))).PhoneNumber.Should().Be("+212612345679");
    }

    [Fact]
    public async Task Staff_cannot_create_edit_or_deactivate_warehouses_and_a_manager_can()
    {
        var store = await app.CreateStoreAsync();
        var existing = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var staff = await app.AddMemberAsync(store.TenantId, "Sami Staff", StoreRole.Staff);
        var manager = await app.AddMemberAsync(store.TenantId, "Mina Manager", StoreRole.Manager);
        using var staffClient = await app.SignInAsync(store with { Email = staff.Email! });
        using var managerClient = await app.SignInAsync(store with { Email = manager.Email! });

        var list = await staffClient.GetAsync("/warehouses");
        var createPage = await staffClient.GetAsync("/warehouses/create");
        var create = await staffClient.PostFormAsync("/warehouses/create", new() { ["Input.Code"] = "STF", ["Input.Name"] = "Staff depot" }, formUrl: "/warehouses");
        var edit = await staffClient.PostFormAsync($"/warehouses/{existing}/edit", new() { ["Input.Code"] = "CAS", ["Input.Name"] = "Renamed" }, formUrl: "/warehouses");
        var deactivate = await staffClient.PostFormAsync($"/warehouses/{existing}/edit", new() { ["confirmed"] = "true" }, handler: "Deactivate", formUrl: "/warehouses");
        var managerCreate = await managerClient.PostFormAsync("/warehouses/create", new() { ["Input.Code"] = "MGR", ["Input.Name"] = "Manager depot" });

        list.Status.Should().Be(HttpStatusCode.OK);
        list.Text.Should().Contain("CAS").And.NotContain("New warehouse");
        list.Document.QuerySelectorAll($"a[href='/warehouses/{existing}/edit']").Should().BeEmpty();
        foreach (var page in new[] { createPage, create, edit, deactivate })
        {
            page.Location.Should().Contain("/status/403");
        }
        var warehouses = await app.InDbAsync(store.TenantId, db => db.Warehouses.AsNoTracking().OrderBy(w => w.Code).ToListAsync());
        warehouses.Select(w => w.Code).Should().Equal("CAS", "MGR");
        warehouses[0].Should().Match<CodRocket.Stock.Inventory.Warehouse>(w => w.Name == "Warehouse CAS" && w.IsActive);
        managerCreate.Status.Should().Be(HttpStatusCode.Redirect);
    }
}
