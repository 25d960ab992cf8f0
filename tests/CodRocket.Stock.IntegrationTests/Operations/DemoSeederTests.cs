using CodRocket.Stock.Data;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Operations;

public class DemoSeederTests(StockApp app)
{
    [Fact]
    public async Task The_demo_store_has_five_weeks_of_orders_an_exact_ledger_and_a_report_with_something_to_say()
    {
        Guid tenantId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(TestContext.Current.CancellationToken);
            tenantId = scope.ServiceProvider.GetRequiredService<ITenantContext>().RequireTenant();
        }

        var orders = await app.InDbAsync(tenantId, db => db.Orders.CountAsync());
        orders.Should().BeGreaterThan(200);
        var report = await app.InStoreAsync(tenantId, s => s.GetRequiredService<StockReport>().RunAsync(new StockReportQuery(Limit: null), CancellationToken.None));
        report.Rows.Should().HaveCount(12);
        report.Rows.Count(r => !r.Forecast.NoRecentSales).Should().BeGreaterThanOrEqualTo(10);
        report.Rows.Should().Contain(r => r.Sku == "CSH-LIN-45" && r.Forecast.NoRecentSales, "one product has not sold");
        report.Rows.Where(r => r.Forecast.Suggestion.Value is not null).Should().HaveCount(12, "every demo product has a lead time");
        var chargers = report.Rows.Single(r => r.Sku == "CHG-USB-C");
        chargers.Inputs.Available.Should().Be(375, "the catalog's 210 + 95 + 70 once the orders are taken");
        (await app.InDbAsync(tenantId, db => db.SeasonalPeriods.CountAsync())).Should().Be(1);
        (await app.LedgerMismatchesAsync(tenantId)).Should().BeEmpty();
        (await app.BackorderMismatchesAsync(tenantId)).Should().BeEmpty();
    }
}
