using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Alerts;

/// <summary>
/// One crossing of one scope's threshold: opened when the scope became low, escalated once if it ran out,
/// resolved when stock rose above the threshold. Opening, escalating and resolving happen set-based in
/// <see cref="AlertEvaluator"/>; people acknowledge and snooze through the methods here, which record the
/// <see cref="AlertEvent"/> themselves (saved with the alert).
/// </summary>
public sealed class StockAlert : ITenantOwned
{
    private readonly List<AlertEvent> _events = [];

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

    /// <summary>The history this alert records through its methods (loaded only when included); EF saves new ones with it.</summary>
    public IReadOnlyCollection<AlertEvent> Events => _events;

    public bool IsOpen => ResolvedAt is null;

    /// <summary>
    /// "Needs attention": open, not acknowledged, not snoozed right now — what the badge and the dashboard count. The
    /// one definition: <see cref="NeedsAttention"/> runs it on an alert, <see cref="NeedingAttention"/> in a query.
    /// </summary>
    private static readonly Expression<Func<StockAlert, DateTimeOffset, bool>> NeedsAttentionAt =
        (a, now) => a.ResolvedAt == null && a.AcknowledgedAt == null && (a.SnoozedUntil == null || a.SnoozedUntil <= now);

    private static readonly Func<StockAlert, DateTimeOffset, bool> NeedsAttentionCompiled = NeedsAttentionAt.Compile();

    public bool NeedsAttention(DateTimeOffset now) => NeedsAttentionCompiled(this, now);

    /// <summary>The alerts that need attention at <paramref name="now"/>, for LINQ (now is sent as a parameter).</summary>
    public static Expression<Func<StockAlert, bool>> NeedingAttention(DateTimeOffset now)
    {
        // Stryker disable once String : a parameter's name is for reading the tree, not for what it matches.
        var alert = Expression.Parameter(typeof(StockAlert), "a");
        var at = Expression.Field(Expression.Constant(new StrongBox<DateTimeOffset>(now)), nameof(StrongBox<DateTimeOffset>.Value));
        return Expression.Lambda<Func<StockAlert, bool>>(Inline.Apply(NeedsAttentionAt, alert, at), alert);
    }

    /// <summary>The alert stays open but leaves the badge, and records who acknowledged it. False when there is
    /// nothing to acknowledge (resolved, or acknowledged already).</summary>
    public bool Acknowledge(Guid? userId, DateTimeOffset now)
    {
        if (!IsOpen || AcknowledgedAt is not null)
        {
            return false;
        }
        AcknowledgedAt = now;
        AcknowledgedBy = userId;
        _events.Add(new AlertEvent(Id, AlertEventKind.Acknowledged, now, userId));
        return true;
    }

    /// <summary>Hides the alert from the badge until <paramref name="until"/>, and records who snoozed it. False for a
    /// resolved alert or a time not in the future.</summary>
    public bool Snooze(Guid? userId, DateTimeOffset until, DateTimeOffset now)
    {
        if (!IsOpen || until <= now)
        {
            return false;
        }
        SnoozedUntil = until;
        SnoozedBy = userId;
        _events.Add(new AlertEvent(Id, AlertEventKind.Snoozed, now, userId, until));
        return true;
    }

    /// <summary>Takes an acknowledgement back: the open alert needs attention again (unless snoozed), and the history
    /// records who did it. False when there is nothing to take back (resolved, or not acknowledged).</summary>
    public bool Unacknowledge(Guid? userId, DateTimeOffset now)
    {
        if (!IsOpen || AcknowledgedAt is null)
        {
            return false;
        }
        AcknowledgedAt = null;
        AcknowledgedBy = null;
        _events.Add(new AlertEvent(Id, AlertEventKind.Unacknowledged, now, userId));
        return true;
    }

    /// <summary>Ends a snooze early: the open alert is back in the badge now (unless acknowledged). False when it is
    /// resolved or not snoozed at <paramref name="now"/>.</summary>
    public bool Unsnooze(Guid? userId, DateTimeOffset now)
    {
        if (!IsOpen || !(SnoozedUntil > now))
        {
            return false;
        }
        SnoozedUntil = null;
        SnoozedBy = null;
        _events.Add(new AlertEvent(Id, AlertEventKind.Unsnoozed, now, userId));
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
    Unacknowledged,
    Unsnoozed,
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
