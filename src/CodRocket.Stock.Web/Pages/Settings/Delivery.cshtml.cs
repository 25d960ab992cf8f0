using CodRocket.Stock.Data;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Web.Pages.Settings;

/// <summary>
/// One notification as it was sent: the message (subject and text body, or the SMS text), the products it covered (every
/// alert in the same digest), and each attempt with its outcome and, for a failure, the reason in plain words.
/// </summary>
public sealed class DeliveryModel(StockDbContext db) : PageModel
{
    public Notification Notification { get; private set; } = null!;
    public NotificationMessage? Message { get; private set; }
    public IReadOnlyList<Covered> Products { get; private set; } = [];
    public IReadOnlyList<NotificationAttempt> Attempts { get; private set; } = [];
    public StoreTime Time { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Notifications.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id, ct) is not { } notification)
        {
            return NotFound();
        }
        Notification = notification;
        Time = new StoreTime((await db.CurrentTenantAsync(ct)).TimeZone);
        Attempts = await db.NotificationAttempts.AsNoTracking().Where(a => a.NotificationId == id)
            .OrderBy(a => a.AttemptedAt).ThenBy(a => a.Id).ToListAsync(ct);
        if (notification.MessageId is { } messageId)
        {
            Message = await db.NotificationMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == messageId, ct);
        }
        // The rows this message carried (a digest: all its alerts), else this row's own alert.
        var carried = notification.MessageId is { } message
            ? db.Notifications.Where(n => db.NotificationAttempts.Any(a => a.MessageId == message && a.NotificationId == n.Id))
            : db.Notifications.Where(n => n.Id == id);
        var covered = await carried.Where(n => n.AlertId != null)
            .Join(db.StockAlerts, n => n.AlertId, a => a.Id, (n, a) => new
            {
                a.ProductId, a.Product.Sku, a.Product.Name, WarehouseCode = a.Warehouse == null ? null : a.Warehouse.Code, a.Level,
            })
            .ToListAsync(ct);
        Products = [.. covered.OrderBy(c => c.Sku, StringComparer.Ordinal).ThenBy(c => c.WarehouseCode, StringComparer.Ordinal)
            .Select(c => new Covered(c.ProductId, c.Sku, c.Name, c.WarehouseCode, c.Level))];
        return Page();
    }

    public sealed record Covered(Guid ProductId, string Sku, string Name, string? WarehouseCode, CodRocket.Stock.Alerts.AlertLevel Level);
}
