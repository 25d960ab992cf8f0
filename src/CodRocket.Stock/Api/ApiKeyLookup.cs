using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.Extensions.Logging;

namespace CodRocket.Stock.Api;

/// <summary>A valid key: the store it names and what it may do.</summary>
public sealed record ApiKeyMatch(Guid TenantId, Guid KeyId, string Prefix, ApiKeyScopes Scopes);

/// <summary>
/// Finds an unrevoked, unexpired key by the hash of its secret. The store is not known yet — the key names it — so
/// this is one of the few reads across stores (row-level security's explicit bypass). Every API request passes here:
/// it is one plain statement that also records the last use (at most once a minute per key, so concurrent requests of
/// a busy key do not all write), not an EF query and an update.
/// </summary>
public sealed class ApiKeyLookup(StockDbContext db, ITenantContext tenant, TimeProvider clock)
{
    /// <param name="hash">The SHA-256 of the secret (<see cref="ApiKey.HashOf"/>).</param>
    public async Task<ApiKeyMatch?> FindAsync(byte[] hash, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Entered before the batch is made: its first command sets the bypass for this connection.
        // Debug, not Information: it happens on every API request.
        using var crossStore = tenant.CrossStore("an API key finds its store", LogLevel.Debug);
        await using var connection = await RawConnection.OpenAsync(db, tenant, ct);
        await using var batch = connection.Batch(Sql.Command(
            """
            WITH k AS (
                SELECT tenant_id, id, prefix, scopes, last_used_at FROM api_keys
                WHERE hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)
            ),
            used AS (
                UPDATE api_keys SET last_used_at = $2
                WHERE id = (SELECT id FROM k) AND tenant_id = (SELECT tenant_id FROM k)
                  AND (last_used_at IS NULL OR last_used_at <= $3)
            )
            SELECT tenant_id, id, prefix, scopes FROM k
            """,
            hash, now, now - ApiKey.LastUsedResolution));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        return await reader.ReadAsync(ct)
            ? new ApiKeyMatch(
                reader.GetGuid(reader.GetOrdinal("tenant_id")), reader.GetGuid(reader.GetOrdinal("id")),
                reader.GetString(reader.GetOrdinal("prefix")), (ApiKeyScopes)reader.GetInt32(reader.GetOrdinal("scopes")))
            : null;
    }
}
