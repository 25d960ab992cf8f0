using System.Net;
using AngleSharp.Html.Dom;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;

namespace CodRocket.Stock.IntegrationTests.Onboarding;

/// <summary>
/// A new store's dashboard lists its first steps, each ticked from the store's data (never a box to click), each
/// linking to where it is done; the card goes for the whole store, for good, once dismissed or once every step is done.
/// </summary>
public class FirstRunChecklistTests(StockApp app)
{
    private static readonly string[] Steps = ["AddWarehouse", "AddProducts", "ReceiveStock", "SetThresholds", "InviteTeam", "TestAlertEmail"];

    private static IHtmlElement? Checklist(Page dashboard) => dashboard.Document.QuerySelector("[data-testid=first-run]") as IHtmlElement;

    private static List<string> Done(Page dashboard) =>
        Checklist(dashboard)!.QuerySelectorAll("[data-step][data-done=true]").Select(li => li.GetAttribute("data-step")!).ToList();

    private static string Link(Page dashboard, string step) =>
        Checklist(dashboard)!.QuerySelector($"[data-step={step}] a.first-run-step")!.GetAttribute("href")!;

    [Fact]
    public async Task Each_step_ticks_when_its_data_exists_and_the_finished_list_shows_once_then_never_again()
    {
        var store = await app.CreateStoreAsync();
        using var owner = await app.SignInAsync(store);

        var fresh = await owner.GetAsync("/");
        Checklist(fresh).Should().NotBeNull("a new store sees its first steps");
        Checklist(fresh)!.QuerySelectorAll("[data-step]").Select(li => li.GetAttribute("data-step")).Should().Equal(Steps);
        Done(fresh).Should().BeEmpty();
        (Link(fresh, "AddWarehouse"), Link(fresh, "AddProducts"), Link(fresh, "ReceiveStock"), Link(fresh, "SetThresholds"),
                Link(fresh, "InviteTeam"), Link(fresh, "TestAlertEmail"))
            .Should().Be(("/warehouses/create", "/inventory/products/create", "/inventory/products", "/inventory/products",
                "/settings/team/invite", "/settings/notifications#test-email"));
        Checklist(fresh)!.QuerySelector("a[href='/inventory/products/import']").Should().NotBeNull("products can be imported too");

        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        Done(await owner.GetAsync("/")).Should().Equal("AddWarehouse");

        var product = await app.AddProductAsync(store.TenantId, "RUG-KLM-90");
        var withProduct = await owner.GetAsync("/");
        Done(withProduct).Should().Equal("AddWarehouse", "AddProducts");
        Link(withProduct, "ReceiveStock").Should().Be($"/inventory/products/{product}/receive", "receiving is done on a product's page");

        await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, 12));
        Done(await owner.GetAsync("/")).Should().Equal("AddWarehouse", "AddProducts", "ReceiveStock");

        await app.SetWarehouseThresholdAsync(store.TenantId, product, warehouse, 3);
        Done(await owner.GetAsync("/")).Should().Equal("AddWarehouse", "AddProducts", "ReceiveStock", "SetThresholds");

        await app.AddMemberAsync(store.TenantId, "Youssef", StoreRole.Staff);
        Done(await owner.GetAsync("/")).Should().Equal("AddWarehouse", "AddProducts", "ReceiveStock", "SetThresholds", "InviteTeam");

        var test = await owner.PostFormAsync("/settings/notifications", [], handler: "TestEmail");
        test.Status.Should().Be(HttpStatusCode.Redirect);
        var finished = await owner.GetAsync("/");
        Done(finished).Should().Equal(Steps);
        Checklist(finished)!.QuerySelector("h2")!.TextContent.Should().Contain("Your store is ready");
        Checklist(finished)!.QuerySelector("[data-testid=first-run-progress]")!.TextContent.Should().Be("6 of 6 done");

        Checklist(await owner.GetAsync("/")).Should().BeNull("a finished list shows once, then never again");
    }

    [Fact]
    public async Task A_products_Low_Stock_Alert_or_the_stores_default_ticks_the_threshold_step()
    {
        var withProductThreshold = await app.CreateStoreAsync();
        var withDefault = await app.CreateStoreAsync();
        await app.AddProductAsync(withProductThreshold.TenantId, "MUG-CER-01", threshold: 4);
        using var first = await app.SignInAsync(withProductThreshold);
        using var second = await app.SignInAsync(withDefault);

        var saved = await second.PostFormAsync("/settings", new()
        {
            ["Input.Name"] = withDefault.Name, ["Input.DefaultLowStockThreshold"] = "5", ["Input.DefaultOutOfStockPolicy"] = "Block",
            ["Input.VelocityWindowDays"] = "30", ["Input.TimeZone"] = "UTC", ["Input.Language"] = "en", ["Input.Country"] = "MA",
        });

        saved.Status.Should().Be(HttpStatusCode.Redirect);
        Done(await first.GetAsync("/")).Should().Contain("SetThresholds").And.NotContain("ReceiveStock");
        Done(await second.GetAsync("/")).Should().Equal("SetThresholds");
    }

    [Fact]
    public async Task A_test_e_mail_that_was_not_sent_does_not_tick_the_last_step()
    {
        var store = await app.CreateStoreAsync();
        using var owner = await app.SignInAsync(store);
        app.Mail.Refuse(store.Email);

        await owner.PostFormAsync("/settings/notifications", [], handler: "TestEmail");

        Done(await owner.GetAsync("/")).Should().NotContain("TestAlertEmail");
    }

    [Fact]
    public async Task Dismissing_hides_the_checklist_for_the_whole_store_for_good_and_staff_neither_see_nor_dismiss_it()
    {
        var store = await app.CreateStoreAsync();
        var manager = await app.AddMemberAsync(store.TenantId, "Salma", StoreRole.Manager);
        var staff = await app.AddMemberAsync(store.TenantId, "Youssef", StoreRole.Staff);
        using var owner = await app.SignInAsync(store);
        using var managerClient = await app.SignInAsync(new TestStore(store.TenantId, manager.Id, manager.Email!, store.Name));
        using var staffClient = await app.SignInAsync(new TestStore(store.TenantId, staff.Id, staff.Email!, store.Name));

        Checklist(await managerClient.GetAsync("/")).Should().NotBeNull("a manager can take every step");
        var staffDashboard = await staffClient.GetAsync("/");
        Checklist(staffDashboard).Should().BeNull("the last steps are in Settings, which staff cannot open");
        (await staffClient.PostFormAsync("/", [], handler: "DismissFirstRun")).Location.Should().Contain("/status/403");
        Checklist(await owner.GetAsync("/")).Should().NotBeNull();

        var dashboard = await owner.GetAsync("/");
        var form = (IHtmlFormElement)Checklist(dashboard)!.QuerySelector("form")!;
        var dismissed = await owner.SubmitAsync(dashboard, form, form.QuerySelector("button") as IHtmlElement);

        dismissed.Status.Should().Be(HttpStatusCode.Redirect);
        Checklist(await owner.GetAsync("/")).Should().BeNull();
        Checklist(await managerClient.GetAsync("/")).Should().BeNull("dismissed for the whole store");
        await app.AddWarehouseAsync(store.TenantId, "CAS");
        Checklist(await owner.GetAsync("/")).Should().BeNull("for good, whatever happens next");
    }

    [Fact]
    public async Task A_store_with_open_alerts_shows_them_before_its_first_steps_and_one_without_shows_its_first_steps_first()
    {
        var alerting = await app.CreateStoreAsync();
        var quiet = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(alerting.TenantId, "CAS");
        await app.AddProductAsync(alerting.TenantId, "TEA-GLS-6", threshold: 10, (warehouse, 4));
        using var alertingOwner = await app.SignInAsync(alerting);
        using var quietOwner = await app.SignInAsync(quiet);

        var withAlerts = (await alertingOwner.GetAsync("/")).Document.Body!.InnerHtml;
        var withoutAlerts = (await quietOwner.GetAsync("/")).Document.Body!.InnerHtml;

        withAlerts.IndexOf("data-testid=\"first-run\"", StringComparison.Ordinal)
            .Should().BeGreaterThan(withAlerts.IndexOf("data-testid=\"alert-card\"", StringComparison.Ordinal));
        withoutAlerts.IndexOf("data-testid=\"first-run\"", StringComparison.Ordinal)
            .Should().BeLessThan(withoutAlerts.IndexOf("data-testid=\"alert-card\"", StringComparison.Ordinal));
    }
}
