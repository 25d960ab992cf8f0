using CodRocket.Stock.Alerts;

namespace CodRocket.Stock.Notifications;

/// <summary>
/// The stores whose outbox received rows in this scope's uncommitted work. The ledger and the alert evaluator
/// note them; whoever commits the transaction then calls <see cref="Dispatch"/> (they do it themselves when the
/// transaction is their own). A commit that forgets costs a minute's delay, not a message: the sweep finds the rows.
/// </summary>
public sealed class PendingNotifications(INotificationDispatcher dispatcher)
{
    private readonly HashSet<Guid> _stores = [];

    public void Add(Guid tenantId, AlertOutcome? outcome)
    {
        if (outcome is { Notifications: > 0 })
        {
            _stores.Add(tenantId);
        }
    }

    /// <summary>After a commit: starts delivery for every store noted since the last call.</summary>
    public void Dispatch()
    {
        foreach (var store in _stores)
        {
            dispatcher.Dispatch(store);
        }
        _stores.Clear();
    }

    /// <summary>After a rollback: nothing was written.</summary>
    public void Discard() => _stores.Clear();
}
