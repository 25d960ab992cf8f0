using CodRocket.Stock.Data;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Testing;

public static class PacingSeeding
{
    /// <summary>Sets the store's alert pacing (Settings → Notifications).</summary>
    public static Task SetPacingAsync(this StockApp app, Guid tenantId, int digestWindowSeconds, int criticalAlertsPerHour = 10) =>
        app.InDbAsync(tenantId, async db =>
        {
            var store = await db.CurrentTenantAsync(CancellationToken.None);
            store.UpdateNotificationPacing(digestWindowSeconds, criticalAlertsPerHour);
            return await db.SaveChangesAsync();
        });

    /// <summary>Time passes for the store's outbox (moved back here rather than waited for): every send happened <paramref name="by"/> earlier.</summary>
    public static Task TimePassesAsync(this StockApp app, Guid tenantId, TimeSpan by) =>
        app.InDbAsync(tenantId, db => db.Notifications.Where(n => n.ClaimedAt != null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ClaimedAt, n => n.ClaimedAt - by)));
}
