using System.Collections.Concurrent;

namespace CodRocket.Stock.Api;

/// <summary>
/// The node's memory of keys it found lately, by the hash of their secret: a request with a remembered key skips the
/// lookup's round trip, and its first batch proves the key still in force instead (<see cref="Tenancy.ITenantContext.RequireKeyInForce"/>),
/// so a key revoked on any node is refused by every node at its next request. Only keys found are remembered, for
/// <see cref="ApiKey.LastUsedResolution"/> each (the lookup after that records the key's last use, as before), and
/// at most <see cref="Capacity"/> of them.
/// </summary>
/// <remarks>
/// What a key names never changes: its store, id, prefix and scopes are fixed at creation; revocation and expiry are
/// what the database check is for. Keyed by the SHA-256 of the whole secret, so one store's key can only ever find
/// that store's entry.
/// </remarks>
public sealed class ApiKeyCache(TimeProvider clock)
{
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _keys = new(StringComparer.Ordinal);

    public bool TryGet(byte[] hash, out ApiKeyMatch key)
    {
        if (_keys.TryGetValue(Convert.ToBase64String(hash), out var entry) && entry.Until > clock.GetUtcNow())
        {
            key = entry.Key;
            return true;
        }
        key = null!;
        return false;
    }

    public void Remember(byte[] hash, ApiKeyMatch key)
    {
        var now = clock.GetUtcNow();
        if (_keys.Count >= Capacity)
        {
            foreach (var (name, stale) in _keys)
            {
                if (stale.Until <= now)
                {
                    _keys.TryRemove(name, out _);
                }
            }
            if (_keys.Count >= Capacity)
            {
                return; // every entry is fresh: the next lookups of this key go to the database, as without a cache
            }
        }
        _keys[Convert.ToBase64String(hash)] = new Entry(key, now + ApiKey.LastUsedResolution);
    }

    /// <summary>Forgets the key: the database said it is no longer in force.</summary>
    public void Forget(Guid keyId)
    {
        foreach (var (name, entry) in _keys)
        {
            if (entry.Key.KeyId == keyId)
            {
                _keys.TryRemove(name, out _);
            }
        }
    }

    private sealed record Entry(ApiKeyMatch Key, DateTimeOffset Until);
}
