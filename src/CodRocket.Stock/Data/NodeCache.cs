using System.Collections.Concurrent;

namespace CodRocket.Stock.Data;

/// <summary>
/// A node's bounded memory of answers the database gave, each for a fixed time. Entries are only ever hints: whoever
/// uses one proves it against the database in the statements that act on it (see <see cref="Api.ApiKeyCache"/> and
/// <see cref="Inventory.MovementTargetCache"/>), so a stale entry costs a retry, never a wrong answer.
/// </summary>
/// <remarks>
/// At <paramref name="capacity"/> entries, expired ones are swept; when every entry is still fresh the new one is not
/// kept (the next request asks the database, as it would without a cache), so memory stays bounded under any load.
/// </remarks>
public sealed class NodeCache<TKey, TValue>(TimeProvider clock, int capacity, TimeSpan lifetime)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();

    public int Capacity => capacity;

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Until > clock.GetUtcNow())
        {
            value = entry.Value;
            return true;
        }
        value = default!;
        return false;
    }

    public void Remember(TKey key, TValue value)
    {
        var now = clock.GetUtcNow();
        if (_entries.Count >= capacity && !_entries.ContainsKey(key))
        {
            foreach (var (stale, entry) in _entries)
            {
                if (entry.Until <= now)
                {
                    _entries.TryRemove(stale, out _);
                }
            }
            if (_entries.Count >= capacity)
            {
                return;
            }
        }
        _entries[key] = new Entry(value, now + lifetime);
    }

    public void Forget(TKey key) => _entries.TryRemove(key, out _);

    /// <summary>Forgets every entry whose value matches (a sweep: for events rarer than lookups).</summary>
    public void ForgetWhere(Func<TValue, bool> match)
    {
        foreach (var (key, entry) in _entries)
        {
            if (match(entry.Value))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(TValue Value, DateTimeOffset Until);
}
