using CodRocket.Stock.Data;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CodRocket.Stock.Operations;

/// <summary>The outbox across stores: how long its oldest undelivered row has waited, and how many gave up for good.</summary>
public sealed record OutboxState(int Undelivered, TimeSpan? OldestUndeliveredAge, int Failed, DateTimeOffset ReadAt);

/// <summary>
/// Reads the outbox of every store for readiness and metrics: are alerts going out? A platform read, so it crosses
/// stores visibly (row-level security's audited bypass, at Debug: readiness asks every few seconds).
/// </summary>
public sealed class OutboxBacklog(StockDbContext db, ITenantContext tenant, TimeProvider clock)
{
    public async Task<OutboxState> ReadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        using var crossStore = tenant.CrossStore("readiness reads the outbox backlog of every store", LogLevel.Debug);
        var outbox = db.Notifications.IgnoreQueryFilters([StockDbContext.TenantFilter]).AsNoTracking();
        // Undelivered rows are few and have a partial index; failed ones have one of their own (migration OperationsReadiness).
        var undelivered = await outbox
            .Where(n => n.Status == NotificationStatus.Pending || n.Status == NotificationStatus.Sending)
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Oldest = g.Min(n => n.CreatedAt) })
            .SingleOrDefaultAsync(ct);
        var failed = await outbox.CountAsync(n => n.Status == NotificationStatus.Failed, ct);
        return new OutboxState(undelivered?.Count ?? 0, undelivered is null ? null : now - undelivered.Oldest, failed, now);
    }
}
