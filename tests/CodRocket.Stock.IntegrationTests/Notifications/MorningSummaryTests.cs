using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Notifications;

public class MorningSummaryTests(StockApp app)
{
    [Fact]
    public async Task The_morning_summary_goes_once_a_day_to_each_member_who_asked_with_what_runs_out_first()
    {
        var store = await app.CreateStoreAsync("Morning Souk");
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W");
        var reader = await app.AddMemberAsync(store.TenantId, "Early Reader");
        var sleeper = await app.AddMemberAsync(store.TenantId, "Late Sleeper", emailAlerts: true);
        await app.InDbAsync(store.TenantId, async db =>
        {
            foreach (var user in await db.Users.Where(u => u.Id == reader.Id || u.Id == store.OwnerId).ToListAsync())
            {
                user.UpdateMember(user.FullName, null, user.Role, user.EmailStockAlerts, false, user.WhatsAppStockAlerts, morningSummary: true);
            }
            return await db.SaveChangesAsync();
        });
        // FAST sells 10 a day with 20 left (2 days), SLOW 1 a day with 30 left (30 days), IDLE nothing.
        var fast = await app.AddProductAsync(store.TenantId, "FAST", null, (warehouse, 320));
        await app.AddProductAsync(store.TenantId, "SLOW", null, (warehouse, 60));
        await app.AddProductAsync(store.TenantId, "IDLE", null, (warehouse, 5));
        await app.PlaceAtAsync(store.TenantId, DateTimeOffset.UtcNow.AddDays(-3), OrderSeeding.Draft(warehouse, ("FAST", 300), ("SLOW", 30)));
        await app.SetReplenishmentAsync(store.TenantId, fast, leadTime: 3, safety: 5);
        var hour = DateTimeOffset.UtcNow.Hour;
        await app.InDbAsync(store.TenantId, async db =>
        {
            (await db.CurrentTenantAsync(TestContext.Current.CancellationToken)).ScheduleMorningSummary(hour);
            return await db.SaveChangesAsync();
        });
        var report = await app.InStoreAsync(store.TenantId, services => services.GetRequiredService<StockReport>()
            .RunAsync(new StockReportQuery(Sort: ReportSort.DaysLeft, Limit: 1), TestContext.Current.CancellationToken));

        // Two nodes run the recurring job at the same moment, and it runs again a quarter of an hour later.
        await Task.WhenAll(RunJob(), RunJob());
        await RunJob();
        await app.DeliverAsync(store.TenantId);

        var summaries = app.Mail.Messages.Where(m => m.Subject == "Morning Souk: morning stock summary").ToList();
        summaries.Should().HaveCount(2);
        app.Mail.To(store.Email).Should().ContainSingle();
        var mail = app.Mail.To(reader.Email!).Should().ContainSingle().Subject;
        app.Mail.To(sleeper.Email!).Should().BeEmpty("they did not ask for it");
        report.Rows[0].Sku.Should().Be("FAST");
        mail.TextBody.Should().Contain("Running out first").And.Contain("Open alerts: 0 out of stock, 0 low.")
            .And.Contain($"Reorder {report.Rows[0].Forecast.ReorderQuantity}").And.NotContain("IDLE");
        mail.TextBody!.IndexOf("FAST", StringComparison.Ordinal).Should().BeLessThan(mail.TextBody.IndexOf("SLOW", StringComparison.Ordinal));
        mail.HtmlBody.Should().Contain("max-width:600px").And.Contain("https://stock.test/reports");
        (await app.InDbAsync(store.TenantId, db => db.Notifications.CountAsync(n => n.Kind == NotificationKind.MorningSummary))).Should().Be(2);
    }

    [Fact]
    public async Task The_owner_sets_the_summary_hour_on_the_notifications_page_and_bad_input_changes_nothing()
    {
        var store = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(store);

        var saved = await client.PostFormAsync("/settings/notifications", new() { ["SummaryHour"] = "7" }, handler: "Summary");
        saved.Location.Should().Be("/settings/notifications");
        (await HourAsync()).Should().Be(7);
        (await client.GetAsync("/settings/notifications")).Document.QuerySelector("select[name=SummaryHour] option[selected]")!.TextContent.Should().Be("07:00");

        foreach (var bad in new[] { "24", "-1", "seven", "99999999999" })
        {
            var refused = await client.PostFormAsync("/settings/notifications", new() { ["SummaryHour"] = bad }, handler: "Summary");
            refused.Location.Should().Be("/settings/notifications", bad);
            (await HourAsync()).Should().Be(7, bad);
        }

        await client.PostFormAsync("/settings/notifications", new() { ["SummaryHour"] = "" }, handler: "Summary");
        (await HourAsync()).Should().BeNull("off");

        Task<int?> HourAsync() => app.InDbAsync(store.TenantId, db => db.Tenants.Where(t => t.Id == store.TenantId).Select(t => t.MorningSummaryHour).SingleAsync());
    }

    private Task RunJob() => app.InStoreAsync(Guid.Empty, services => services.GetRequiredService<MorningSummaryJob>().RunAsync(CancellationToken.None));
}
