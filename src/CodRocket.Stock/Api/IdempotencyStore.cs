using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace CodRocket.Stock.Api;

/// <summary>
/// Claims and answers idempotency keys inside the transaction of the request that carries them. The claim is an
/// insert into the primary key, first thing in the transaction: a concurrent duplicate's insert waits on it, and
/// when the first transaction commits (claim and response together) it conflicts and reads the stored response.
/// If the first rolls back, the duplicate's insert goes through and it runs instead. Either way the work runs once.
/// </summary>
public sealed class IdempotencyStore(StockDbContext db, ITenantContext tenant)
{
    /// <summary>
    /// Null when this request holds the key now and must run; else the earlier request under the same key, with its
    /// response. An expired key (older than <see cref="IdempotentRequest.Retention"/>) is claimed afresh.
    /// </summary>
    public async Task<IdempotentRequest?> ClaimAsync(string key, byte[] requestHash, DateTimeOffset now, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An idempotency key is claimed inside the request's transaction.");
        }
        var tenantId = tenant.RequireTenant();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // Twice at most: a stored row can vanish between the conflict and the read only if the sweep removed it.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(Sql.Command(
                """
                INSERT INTO idempotency_keys (tenant_id, key, request_hash, created_at)
                VALUES ($1, $2, $3, $4)
                ON CONFLICT (tenant_id, key) DO UPDATE
                    SET request_hash = EXCLUDED.request_hash, created_at = EXCLUDED.created_at, status_code = NULL,
                        content_type = NULL, location = NULL, response_body = NULL
                    WHERE idempotency_keys.created_at < $5
                RETURNING 1
                """,
                tenantId, key, requestHash, now, now - IdempotentRequest.Retention));
            if (await batch.ExecuteScalarAsync(ct) is not null)
            {
                return null;
            }
            if (await db.IdempotentRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Key == key, ct) is { } earlier)
            {
                return earlier;
            }
        }
        throw new InvalidOperationException("The idempotency key could be neither claimed nor read.");
    }

    /// <summary>Stores the response of the request that claimed <paramref name="key"/>; it commits with the claim.</summary>
    public async Task CompleteAsync(string key, StoredResponse response, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await Sql.ExecuteAsync(connection, [Sql.Command(
            """
            UPDATE idempotency_keys SET status_code = $3, content_type = $4, location = $5, response_body = $6
            WHERE tenant_id = $1 AND key = $2
            """,
            tenant.RequireTenant(), key, response.StatusCode, Sql.Text(response.ContentType), Sql.Text(response.Location),
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = response.Body })], ct);
    }

    /// <summary>Forgets the keys of every store that are past their retention. A maintenance sweep, so it spans stores.</summary>
    public static async Task<int> DeleteExpiredAsync(StockDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - IdempotentRequest.Retention;
        using var crossStore = db.Tenant.CrossStore("expired idempotency keys are deleted in every store");
        return await db.IdempotentRequests.IgnoreQueryFilters([StockDbContext.TenantFilter])
            .Where(r => r.CreatedAt < cutoff)
            .ExecuteDeleteAsync(ct);
    }
}
