using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodRocket.Stock.Data;

/// <summary>
/// The DbContext's connection, opened outside EF for a hot path's batch (the API's key and movement lookups, order
/// placement): EF's open would send row-level security's setting in a round trip of its own, so here it rides first in
/// the batch instead (<see cref="Batch"/>; readers skip its one result set). Closed again on disposal if opened here.
/// </summary>
internal sealed class RawConnection : IAsyncDisposable
{
    private readonly ITenantContext _tenant;
    private readonly bool _opened;

    private RawConnection(NpgsqlConnection connection, ITenantContext tenant, bool opened) =>
        (Connection, _tenant, _opened) = (connection, tenant, opened);

    public NpgsqlConnection Connection { get; }

    public static async Task<RawConnection> OpenAsync(StockDbContext db, ITenantContext tenant, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
            // EF did not see this open: its interceptor must not trust what it applied before.
            db.AppliedRowLevelSecurity = null;
        }
        return new RawConnection(connection, tenant, opened);
    }

    /// <summary>A batch whose first command sets the connection to act for the current store (one result set to skip).</summary>
    public NpgsqlBatch Batch(params NpgsqlBatchCommand[] commands)
    {
        var batch = new NpgsqlBatch(Connection);
        batch.BatchCommands.Add(RowLevelSecurity.SetCommand(_tenant, local: false));
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }
        return batch;
    }

    public async ValueTask DisposeAsync()
    {
        if (_opened)
        {
            await Connection.CloseAsync();
        }
    }
}
