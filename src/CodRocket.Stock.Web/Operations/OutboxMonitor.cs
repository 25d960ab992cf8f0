using CodRocket.Stock.Operations;

namespace CodRocket.Stock.Web.Operations;

/// <summary>
/// One reading of the outbox at a time for the whole node, on a scope of its own: readiness waits for it only as long
/// as its timeout allows (a partitioned database must not hold the probe), and the metrics report the latest reading.
/// </summary>
public sealed class OutboxMonitor(IServiceScopeFactory scopes, ILogger<OutboxMonitor> logger)
{
    private readonly Lock _lock = new();
    private Task<OutboxState>? _reading;

    public OutboxState? Latest { get; private set; }

    /// <summary>The latest reading if it is younger than <paramref name="maxAge"/>, else a new one (shared with any already under way).</summary>
    public Task<OutboxState> ReadAsync(TimeSpan maxAge, TimeProvider clock)
    {
        lock (_lock)
        {
            if (Latest is { } latest && clock.GetUtcNow() - latest.ReadAt < maxAge)
            {
                return Task.FromResult(latest);
            }
            return _reading ??= ReadDetachedAsync();
        }
    }

    /// <summary>For the metrics' callbacks, which cannot wait: starts a reading when the latest is stale.</summary>
    public void Refresh(TimeSpan maxAge, TimeProvider clock) =>
        _ = ReadAsync(maxAge, clock).ContinueWith(
            t => logger.LogDebug(t.Exception?.GetBaseException(), "Outbox reading for metrics failed"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private async Task<OutboxState> ReadDetachedAsync()
    {
        await Task.Yield();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var state = await scope.ServiceProvider.GetRequiredService<OutboxBacklog>().ReadAsync(CancellationToken.None);
            Latest = state;
            return state;
        }
        finally
        {
            lock (_lock)
            {
                _reading = null;
            }
        }
    }
}
