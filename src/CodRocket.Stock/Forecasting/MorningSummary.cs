using CodRocket.Stock.Alerts;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodRocket.Stock.Forecasting;

/// <summary>
/// The morning summary's figures, from the stock report itself (same statement, same sort by days left, same
/// forecast), so the e-mail never disagrees with Reports → Stock report.
/// </summary>
internal sealed class MorningSummarySource(StockDbContext db, StockReport report, IAppLinks links, TimeProvider clock) : IMorningSummarySource
{
    /// <summary>Products named: the ones that run out first.</summary>
    public const int Products = 10;

    public async Task<MorningSummaryContent> BuildAsync(CancellationToken ct)
    {
        var store = await db.CurrentTenantAsync(ct);
        var page = await report.RunAsync(new StockReportQuery(Sort: ReportSort.DaysLeft, Limit: Products), ct);
        var runningOut = page.Rows
            .Where(r => r.Stocked && r.Forecast.DaysLeft is not null)
            .Select(r => new SummaryProduct(r.ProductId, r.Sku, r.Name, links.Product(r.ProductId), r.Inputs.Available, r.Forecast.DaysLeft,
                r.Forecast.StockOutDate, r.Forecast.ReorderQuantity))
            .ToList();
        var open = await db.StockAlerts.AsNoTracking().Where(a => a.ResolvedAt == null)
            .GroupBy(a => a.Level).Select(g => new { Level = g.Key, Count = g.Count() }).ToListAsync(ct);

        // Yesterday in the store's time zone: the backorders that arriving stock filled.
        var zone = StoreDay.Zone(store.TimeZone);
        var today = StoreDay.Of(clock.GetUtcNow(), zone);
        var (from, to) = (StoreDay.Start(today.AddDays(-1), zone), StoreDay.Start(today, zone));
        var filled = await db.StockMovements.AsNoTracking()
            .Where(m => m.Type == MovementType.BackorderFill && m.CreatedAt >= from && m.CreatedAt < to)
            .GroupBy(m => m.ProductId)
            .Select(g => new { ProductId = g.Key, Units = g.Sum(m => m.ReservedDelta) })
            .Join(db.Products, f => f.ProductId, p => p.Id, (f, p) => new { p.Sku, p.Name, f.Units })
            .OrderByDescending(f => f.Units).ThenBy(f => f.Sku)
            .Take(Products)
            .ToListAsync(ct);
        var orders = await db.OrderEvents.AsNoTracking()
            .Where(e => e.Kind == OrderEventKind.BackorderFilled && e.At >= from && e.At < to)
            .Select(e => e.OrderId).Distinct().CountAsync(ct);

        return new MorningSummaryContent(store.Name, "", today, runningOut,
            open.Where(o => o.Level == AlertLevel.Out).Sum(o => o.Count), open.Where(o => o.Level == AlertLevel.Low).Sum(o => o.Count),
            [.. filled.Select(f => new SummaryBackorder(f.Sku, f.Name, f.Units))], orders, links.StockReport(), links.Alerts());
    }
}

/// <summary>
/// Every quarter of an hour, across stores: a store whose morning-summary hour has come (in its time zone) and that has
/// not had today's summary claims the day with a conditional UPDATE — so with any number of nodes exactly one writes
/// the outbox rows, one per member who asked for it, in the same transaction — and its delivery job sends them.
/// </summary>
public sealed class MorningSummaryJob(
    IServiceScopeFactory scopes, INotificationDispatcher dispatcher, TimeProvider clock, ILogger<MorningSummaryJob> logger)
{
    public const string RecurringId = "morning-summary";

    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        List<(Guid Id, int Hour, string TimeZone)> stores;
        await using (var scope = scopes.CreateAsyncScope())
        {
            // The stores table is the platform's own (not store-owned): no tenant filter or policy applies to it.
            var db = scope.ServiceProvider.GetRequiredService<StockDbContext>();
            stores = [.. (await db.Tenants.AsNoTracking().Where(t => t.MorningSummaryHour != null)
                .Select(t => new { t.Id, Hour = t.MorningSummaryHour!.Value, t.TimeZone }).ToListAsync(ct))
                .Select(t => (t.Id, t.Hour, t.TimeZone))];
        }
        foreach (var store in stores)
        {
            var local = TimeZoneInfo.ConvertTime(now, StoreDay.Zone(store.TimeZone));
            if (local.Hour != store.Hour)
            {
                continue;
            }
            if (await QueueAsync(store.Id, DateOnly.FromDateTime(local.DateTime), now, ct) is > 0 and var queued)
            {
                logger.LogInformation("Morning summary for store {StoreId}: {Count} e-mails queued", store.Id, queued);
                dispatcher.Dispatch(store.Id);
            }
        }
    }

    /// <summary>Claims <paramref name="day"/> for the store and writes one outbox row per opted-in member; 0 when another run had it.</summary>
    public async Task<int> QueueAsync(Guid storeId, DateOnly day, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(storeId, null);
        var db = scope.ServiceProvider.GetRequiredService<StockDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Tenants
            .Where(t => t.Id == storeId && (t.MorningSummarySentOn == null || t.MorningSummarySentOn < day))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.MorningSummarySentOn, day), ct);
        if (claimed == 0)
        {
            return 0;
        }
        var members = await db.Users.AsNoTracking()
            .Where(u => u.MorningSummary && u.RemovedAt == null && u.EmailConfirmed && u.Email != null)
            .Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        db.Notifications.AddRange(members.Select(m => new Notification(NotificationKind.MorningSummary, NotificationChannel.Email, m.Id, m.Email!, now)));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return members.Count;
    }
}
