using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace CodRocket.Stock.Data;

/// <summary>
/// Makes every connection EF opens act as <see cref="RowLevelSecurity.Role"/> for the context's store: one statement
/// per open. The pool does not reset a returned connection (see AddStock's <c>NoResetOnClose</c>), so an open
/// always sets all three values, never relying on what the previous user left.
/// </summary>
/// <remarks>
/// The store can change while a connection is open (the tenant is set after the first query of a request, a
/// cross-store scope begins or ends): before each command, and when a transaction begins (raw SQL follows it on the
/// same connection), the setting is compared with what was applied and re-applied only if it differs, so the usual
/// command costs no round trip. A rollback reverts a set_config made inside the transaction, so the memory is
/// dropped then and the next command applies again.
/// </remarks>
internal sealed class RowLevelSecurityInterceptor : DbConnectionInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        Apply(connection, eventData.Context, force: true);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ApplyAsync(connection, eventData.Context, force: true, cancellationToken);

    public override InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Forget(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Forget(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Apply(command.Connection, eventData.Context, force: false);
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(command.Connection, eventData.Context, force: false, cancellationToken);
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Apply(command.Connection, eventData.Context, force: false);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(command.Connection, eventData.Context, force: false, cancellationToken);
        return result;
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Apply(command.Connection, eventData.Context, force: false);
        return result;
    }

    public async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(command.Connection, eventData.Context, force: false, cancellationToken);
        return result;
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Apply(connection, eventData.Context, force: false);
        return result;
    }

    public async ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(connection, eventData.Context, force: false, cancellationToken);
        return result;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void RolledBackToSavepoint(DbTransaction transaction, TransactionEventData eventData) => Forget(eventData.Context);

    public Task RolledBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Forget(DbContext? context)
    {
        if (context is StockDbContext db)
        {
            db.AppliedRowLevelSecurity = null;
        }
    }

    private static void Apply(DbConnection? connection, DbContext? context, bool force)
    {
        if (Pending(connection, context, force) is not { } pending)
        {
            return;
        }
        using var batch = new NpgsqlBatch(pending.Connection) { BatchCommands = { RowLevelSecurity.SetCommand(pending.Setting, local: false) } };
        batch.ExecuteNonQuery();
        pending.Context.AppliedRowLevelSecurity = pending.Setting;
    }

    private static async Task ApplyAsync(DbConnection? connection, DbContext? context, bool force, CancellationToken ct)
    {
        if (Pending(connection, context, force) is not { } pending)
        {
            return;
        }
        await using var batch = new NpgsqlBatch(pending.Connection) { BatchCommands = { RowLevelSecurity.SetCommand(pending.Setting, local: false) } };
        await batch.ExecuteNonQueryAsync(ct);
        pending.Context.AppliedRowLevelSecurity = pending.Setting;
    }

    private static (NpgsqlConnection Connection, StockDbContext Context, RowLevelSecurity.Setting Setting)? Pending(
        DbConnection? connection, DbContext? context, bool force)
    {
        if (context is not StockDbContext db || connection is not NpgsqlConnection npgsql)
        {
            return null;
        }
        // A context not leased through AddStock has no store: it sees none.
        var setting = RowLevelSecurity.SettingOf(db.LeasedTenant);
        return force || db.AppliedRowLevelSecurity != setting ? (npgsql, db, setting) : null;
    }
}
