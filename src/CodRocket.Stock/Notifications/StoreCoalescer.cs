using System.Collections.Concurrent;

namespace CodRocket.Stock.Notifications;

/// <summary>
/// At most one run per store every <paramref name="interval"/>: the first at once, the calls that follow within it
/// folded into one run at its end (which then sees every change they announced committed). The outbox dispatchers
/// (notifications, webhooks) start their delivery jobs through it, so a burst of single changes costs a few jobs a
/// second, not one per change.
/// </summary>
public sealed class StoreCoalescer(TimeSpan interval, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, Pace> _paces = new();

    public void Run(Guid tenantId, Action<Guid> run)
    {
        var pace = _paces.GetOrAdd(tenantId, _ => new Pace());
        TimeSpan wait;
        lock (pace)
        {
            var now = clock.GetUtcNow();
            if (now - pace.Last >= interval)
            {
                pace.Last = now;
                wait = TimeSpan.Zero;
            }
            else if (pace.Trailing)
            {
                return; // the run already promised for the end of the interval will find this change committed
            }
            else
            {
                pace.Trailing = true;
                wait = pace.Last + interval - now;
            }
        }
        if (wait == TimeSpan.Zero)
        {
            run(tenantId);
            return;
        }
        _ = RunLaterAsync(tenantId, pace, wait, run);
    }

    private async Task RunLaterAsync(Guid tenantId, Pace pace, TimeSpan wait, Action<Guid> run)
    {
        await Task.Delay(wait, clock);
        // Cleared before the run: a change that commits from here on asks for a run of its own.
        lock (pace)
        {
            pace.Trailing = false;
            pace.Last = clock.GetUtcNow();
        }
        run(tenantId);
    }

    private sealed class Pace
    {
        public DateTimeOffset Last { get; set; } = DateTimeOffset.MinValue;
        public bool Trailing { get; set; }
    }
}
