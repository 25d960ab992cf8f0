using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using NpgsqlTypes;

namespace CodRocket.Stock.Api;

/// <summary>A token bucket every node shares: at most <see cref="Capacity"/> requests at once, refilled at <see cref="PerSecond"/>.</summary>
public readonly record struct BucketRule(string Bucket, double Capacity, double PerSecond);

/// <summary>
/// What a take got: <see cref="Granted"/> tokens (0 = refused) and what each bucket holds after it, in the order the
/// rules were given.
/// </summary>
public sealed record BucketTake(int Granted, IReadOnlyList<double> Left);

/// <summary>
/// Token buckets in PostgreSQL, so a limit holds across every web node (docs/adr/0004). One statement takes from several
/// buckets at once — a key's and its store's — and grants only what all of them allow; the refill is computed in the
/// database, under the rows' locks, so nodes need no clock agreement. The table is UNLOGGED: a crash resets limits,
/// which costs nothing worth a WAL write per request. It holds no store data (rows are named by key or store id), so
/// it has no row-level-security policy, like Hangfire's tables.
/// </summary>
public sealed class RateLimitBuckets(StockDbContext db, ITenantContext tenant)
{
    /// <summary>
    /// Takes up to <paramref name="want"/> tokens from every bucket of <paramref name="rules"/> (fewer when a bucket runs
    /// low: at most a quarter of what it holds, so nodes leasing from a nearly empty bucket share it).
    /// </summary>
    public async Task<BucketTake> TakeAsync(IReadOnlyList<BucketRule> rules, int want, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(want, 1);
        await using var connection = await RawConnection.OpenAsync(db, tenant, ct);
        await using var batch = connection.Batch(Sql.Command(
            "SELECT granted, available FROM rate_limit_take($1, $2, $3, $4)",
            rules.Select(r => r.Bucket).ToArray(),
            new Npgsql.NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double, Value = rules.Select(r => r.Capacity).ToArray() },
            new Npgsql.NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double, Value = rules.Select(r => r.PerSecond).ToArray() },
            want));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return new BucketTake(reader.GetInt32(0), reader.GetFieldValue<double[]>(1));
    }
}
