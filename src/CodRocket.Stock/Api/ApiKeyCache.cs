using CodRocket.Stock.Data;

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

    private readonly NodeCache<string, ApiKeyMatch> _keys = new(clock, Capacity, ApiKey.LastUsedResolution);

    public bool TryGet(byte[] hash, out ApiKeyMatch key) => _keys.TryGet(Convert.ToBase64String(hash), out key);

    public void Remember(byte[] hash, ApiKeyMatch key) => _keys.Remember(Convert.ToBase64String(hash), key);

    /// <summary>Forgets the key: the database said it is no longer in force.</summary>
    public void Forget(Guid keyId) => _keys.ForgetWhere(key => key.KeyId == keyId);
}
