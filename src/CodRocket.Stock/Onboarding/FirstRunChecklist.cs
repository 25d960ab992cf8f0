using CodRocket.Stock.Data;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Onboarding;

/// <summary>A new store's first steps, in the order a merchant takes them.</summary>
public enum FirstRunStep
{
    AddWarehouse,
    AddProducts,
    ReceiveStock,
    SetThresholds,
    InviteTeam,
    TestAlertEmail,
}

/// <summary>
/// The dashboard's first-run checklist. Each step is ticked from what the store holds, never from a box someone
/// clicks: a warehouse, a product, units received, a threshold (a product's, a warehouse's or the store's default),
/// a second member (invited counts), an alert or test e-mail that a mail server accepted.
/// </summary>
public sealed record FirstRunChecklist(IReadOnlyDictionary<FirstRunStep, bool> Steps, Guid? FirstProductId)
{
    public int Done => Steps.Count(s => s.Value);
    public bool AllDone => Done == Steps.Count;

    /// <summary>
    /// The store's checklist, or null once it is closed (dismissed, or finished on an earlier visit). One statement.
    /// The visit that finds every step done closes it, so the merchant sees it finished once and then never again.
    /// </summary>
    public static async Task<FirstRunChecklist?> ForStoreAsync(StockDbContext db, Tenant store, DateTimeOffset now, CancellationToken ct)
    {
        if (store.FirstRunClosedAt is not null)
        {
            return null;
        }
        var found = await db.Tenants.AsNoTracking().Where(t => t.Id == store.Id).Select(t => new
            {
                Warehouse = db.Warehouses.Any(),
                Product = db.Products.Any(),
                FirstProductId = db.Products.Where(p => !p.IsArchived).OrderBy(p => p.Id).Select(p => (Guid?)p.Id).FirstOrDefault(),
                // Units put on a shelf: a receipt, a count up, a CSV import of stock, a return.
                Received = db.StockMovements.Any(m => m.OnHandDelta > 0),
                Threshold = t.DefaultLowStockThreshold != null
                    || db.Products.Any(p => p.LowStockThreshold != null)
                    || db.StockLevels.Any(s => s.LowStockThreshold != null),
                Team = db.Users.Count() > 1,
                Email = db.Notifications.Any(n => n.Channel == NotificationChannel.Email && n.Status == NotificationStatus.Sent
                    && (n.Kind == NotificationKind.Test || n.Kind == NotificationKind.Alert)),
            })
            .SingleAsync(ct);
        var checklist = new FirstRunChecklist(
            new Dictionary<FirstRunStep, bool>
            {
                [FirstRunStep.AddWarehouse] = found.Warehouse,
                [FirstRunStep.AddProducts] = found.Product,
                [FirstRunStep.ReceiveStock] = found.Received,
                [FirstRunStep.SetThresholds] = found.Threshold,
                [FirstRunStep.InviteTeam] = found.Team,
                [FirstRunStep.TestAlertEmail] = found.Email,
            },
            found.FirstProductId);
        if (checklist.AllDone)
        {
            await CloseAsync(db, store.Id, now, ct);
        }
        return checklist;
    }

    /// <summary>Closes the store's checklist for good (set-based: a dismiss and a finishing visit may race; the first wins).</summary>
    public static Task CloseAsync(StockDbContext db, Guid storeId, DateTimeOffset now, CancellationToken ct) =>
        db.Tenants.Where(t => t.Id == storeId && t.FirstRunClosedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.FirstRunClosedAt, now), ct);
}
