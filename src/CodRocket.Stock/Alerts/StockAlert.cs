using CodRocket.Stock.Catalog;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Alerts;

/// <summary>
/// One crossing of one scope's threshold: opened when the scope became low, escalated once if it ran out,
/// resolved when stock rose above the threshold. Opening, escalating and resolving happen set-based in
/// <see cref="AlertEvaluator"/>; people acknowledge and snooze through the methods here.
/// </summary>
public sealed class StockAlert : ITenantOwned
{
    private StockAlert() { }

    public Guid TenantId { get; private set; }
    public Guid Id { get; private set; }
    public Guid ProductId { get; private set; }
    /// <summary>Null for the product-wide scope (total across warehouses).</summary>
    public Guid? WarehouseId { get; private set; }
    /// <summary>The current level: Out while the scope is at zero or below, Low again after a partial refill.
    /// <see cref="EscalatedAt"/> keeps that it ran out.</summary>
    public AlertLevel Level { get; private set; }
    public int Threshold { get; private set; }
    public int AvailableAtOpen { get; private set; }
    public DateTimeOffset OpenedAt { get; private set; }
    public DateTimeOffset? EscalatedAt { get; private set; }
    public int? AvailableAtEscalation { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public int? AvailableAtResolution { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    public Guid? AcknowledgedBy { get; private set; }
    public DateTimeOffset? SnoozedUntil { get; private set; }
    public Guid? SnoozedBy { get; private set; }

    public Product Product { get; private set; } = null!;
    public Warehouse? Warehouse { get; private set; }

    public bool IsOpen => ResolvedAt is null;

    /// <summary>Counts in the badge: open, not acknowledged, not snoozed right now.</summary>
    public bool NeedsAttention(DateTimeOffset now) => IsOpen && AcknowledgedAt is null && (SnoozedUntil is null || SnoozedUntil <= now);

    /// <summary>The alert stays open but leaves the badge. False when there is nothing to acknowledge.</summary>
    public bool Acknowledge(Guid? userId, DateTimeOffset now)
    {
        if (!IsOpen || AcknowledgedAt is not null)
        {
            return false;
        }
        AcknowledgedAt = now;
        AcknowledgedBy = userId;
        return true;
    }

    /// <summary>Hides the alert from the badge until <paramref name="until"/>. False for a resolved alert.</summary>
    public bool Snooze(Guid? userId, DateTimeOffset until, DateTimeOffset now)
    {
        if (!IsOpen || until <= now)
        {
            return false;
        }
        SnoozedUntil = until;
        SnoozedBy = userId;
        return true;
    }
}

public enum AlertEventKind
{
    Opened,
    Escalated,
    Resolved,
    Acknowledged,
    Snoozed,
}

/// <summary>The history of an alert: each transition with the stock and threshold at that moment, and who acted.</summary>
public sealed class AlertEvent : ITenantOwned
{
    private AlertEvent() { }

    public AlertEvent(Guid alertId, AlertEventKind kind, DateTimeOffset at, Guid? userId, DateTimeOffset? snoozedUntil = null)
    {
        AlertId = alertId;
        Kind = kind;
        At = at;
        UserId = userId;
        SnoozedUntil = snoozedUntil;
    }

    public Guid TenantId { get; private set; }
    public long Id { get; private set; }
    public Guid AlertId { get; private set; }
    public AlertEventKind Kind { get; private set; }
    public DateTimeOffset At { get; private set; }
    public int? Available { get; private set; }
    public int? Threshold { get; private set; }
    public Guid? UserId { get; private set; }
    public DateTimeOffset? SnoozedUntil { get; private set; }
}
