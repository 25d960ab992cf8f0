using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace CodRocket.Stock.Data;

/// <summary>
/// A unit of work that is a transaction of its own, or a savepoint inside the caller's (an idempotent API request holds
/// one around the endpoint so the stored response commits with the change). Only the owner of the transaction commits it
/// and dispatches the notifications of what it committed; a nested unit leaves both to its caller.
/// </summary>
public sealed class StockTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction _transaction;
    private readonly string? _savepoint;
    private bool _completed;

    private StockTransaction(IDbContextTransaction transaction, string? savepoint)
    {
        _transaction = transaction;
        _savepoint = savepoint;
    }

    /// <summary>True when this unit began the transaction: it then commits for real and dispatches notifications.</summary>
    public bool Owned => _savepoint is null;

    public static async Task<StockTransaction> BeginAsync(DatabaseFacade database, string name, CancellationToken ct)
    {
        if (database.CurrentTransaction is { } outer)
        {
            await outer.CreateSavepointAsync(name, ct);
            return new StockTransaction(outer, name);
        }
        return new StockTransaction(await database.BeginTransactionAsync(ct), null);
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        _completed = true;
        await (_savepoint is null ? _transaction.CommitAsync(ct) : _transaction.ReleaseSavepointAsync(_savepoint, ct));
    }

    public async Task RollbackAsync(CancellationToken ct)
    {
        _completed = true;
        await (_savepoint is null ? _transaction.RollbackAsync(ct) : _transaction.RollbackToSavepointAsync(_savepoint, ct));
    }

    public async ValueTask DisposeAsync()
    {
        if (_savepoint is null)
        {
            await _transaction.DisposeAsync();
        }
        else if (!_completed)
        {
            // Left early (a refusal before any write): undo to where the unit began, keep the caller's transaction.
            await _transaction.RollbackToSavepointAsync(_savepoint);
        }
    }
}
