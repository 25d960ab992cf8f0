using CodRocket.Stock.Alerts;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Operations;
using CodRocket.Stock.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CodRocket.Stock.Inventory;

/// <summary>
/// What happens when stock or Stock Settings change — from a page, a bulk action, an import, the API or an order.
/// One unit of work, one transaction, straight-line at the call site:
/// <code>
/// await using var work = await stockWork.BeginAsync(productIds, ct); // 1. lock the products, in id order
/// await work.AuditSettingsAsync(origin, ct);                       // 2. (settings) note them as they stand
/// var result = await work.ApplyAsync(changes, ct);                  // 3. (stock) guarded updates + ledger rows
/// ... EF changes through the DbContext, same transaction ...
/// await work.CommitAsync(ct);                                        // 4. audit, evaluate alerts, outbox, commit, dispatch
/// </code>
/// <list type="number">
/// <item>Beginning locks the products in id order (the order every change uses, so concurrent work cannot deadlock
/// and checks on a product's total are exact, I2). A work that only changes stock sends the locks together with its
/// first change (one round trip for a receipt).</item>
/// <item>Stock changes go through <see cref="StockLedger"/>; their alert scopes are evaluated at once, in the same
/// transaction (I3): <see cref="AlertEvaluator"/> decides, and the crossings become outbox rows through
/// <see cref="AlertRecipients"/> (I4).</item>
/// <item>Settings changes (and anything else written through EF in a work begun with <see cref="StockWorkFactory.BeginAsync(IEnumerable{Guid}, CancellationToken)"/>)
/// are evaluated at commit, for every product of the work not evaluated since; <see cref="AuditSettingsAsync"/>
/// makes the commit record every field that really changed.</item>
/// <item>Commit commits the transaction and then starts delivery of what it queued. Disposed without a commit, the
/// work is rolled back and nothing is dispatched.</item>
/// </list>
/// Inside an API request that holds a transaction of its own (an <c>Idempotency-Key</c>), a work joins it explicitly
/// (<see cref="StockWorkFactory.BeginRequestAsync"/>): it is then a savepoint, and the request's commit dispatches.
/// </summary>
public sealed class StockWork : IAsyncDisposable
{
    private readonly StockWorkFactory _factory;
    private readonly StockDbContext _db;
    private readonly Guid _tenantId;
    private readonly Guid? _userId;
    private readonly Guid[] _productIds;
    private readonly StockWork? _outer;
    private readonly string? _savepoint;
    private readonly IDbContextTransaction? _efTransaction;
    private readonly NpgsqlTransaction? _rawTransaction;
    private readonly Func<Task>? _close;
    private readonly List<NpgsqlBatchCommand> _prelude = [];
    private readonly HashSet<Guid> _toEvaluate = [];
    /// <summary>Where this work's webhook events begin in the scope's list (a rollback forgets those after it).</summary>
    private readonly int _webhookMark;
    private int _preludeResults;
    /// <summary>The products' locks are still to be sent (with the work's first batch).</summary>
    private bool _locksPending;
    /// <summary>Something was sent: a joined work's savepoint exists.</summary>
    private bool _started;
    private ChangeOrigin? _audit;
    /// <summary>The work changes product-wide settings only (<see cref="AuditSettingsAsync"/>): warehouse scopes and
    /// thresholds are neither audited nor evaluated at commit.</summary>
    private bool _productWideOnly;
    private bool _queued;
    private int _applied;
    private bool _finished;
    /// <summary>Whether the store had an active webhook endpoint when the work first applied stock; null: not asked.
    /// Read in this transaction, so an endpoint saved after it is as if saved after the work.</summary>
    private bool? _storeHasEndpoints;

    internal StockWork(
        StockWorkFactory factory, StockDbContext db, Guid tenantId, Guid? userId, Guid[] productIds, StockWork? outer, string? savepoint,
        IDbContextTransaction? efTransaction, NpgsqlTransaction? rawTransaction, Func<Task>? close)
    {
        (_factory, _db, _tenantId, _userId, _productIds, _outer, _savepoint) = (factory, db, tenantId, userId, productIds, outer, savepoint);
        (_efTransaction, _rawTransaction, _close) = (efTransaction, rawTransaction, close);
        if (savepoint is not null)
        {
            _prelude.Add(Sql.Command($"SAVEPOINT {savepoint}"));
        }
        foreach (var command in factory.SessionCommands())
        {
            _prelude.Add(command);
            _preludeResults++;
        }
        _locksPending = productIds.Length > 0;
        _webhookMark = factory.Webhooks.Mark;
    }

    /// <summary>What the work's alert evaluations opened, escalated and resolved so far.</summary>
    public AlertOutcome Alerts { get; private set; } = AlertOutcome.Nothing;

    private NpgsqlConnection Connection => (NpgsqlConnection)_db.Database.GetDbConnection();

    /// <summary>Applies stock changes — all of them or none — and evaluates the scopes they touched.</summary>
    /// <param name="names">The names the changes were addressed by, when their ids came from a node's memory: refused
    /// with <see cref="StockRefusalReason.Renamed"/> (nothing kept) unless they still name the rows.</param>
    public async Task<StockResult> ApplyAsync(IReadOnlyList<StockChange> changes, CancellationToken ct, StockTargetNames? names = null)
    {
        EnsureOpen();
        if (changes.Count == 0)
        {
            return new StockResult([], null);
        }
        if (changes.FirstOrDefault(c => Array.BinarySearch(_productIds, c.ProductId) < 0) is { } stray)
        {
            // Locking it now would break the lock order that keeps concurrent work free of deadlocks.
            throw new InvalidOperationException($"Product {stray.ProductId} was not named when the work began.");
        }
        // The ledger locks what it changes, and reads the lock as its "is it this store's product" check: the work's
        // own locks, when still to be sent, are that lock.
        var lockIds = _locksPending ? _productIds : changes.Select(c => c.ProductId).Distinct().Order().ToArray();
        var (prelude, results) = TakePrelude(withLocks: false);
        var now = _factory.Now;
        // Whether the store has a webhook endpoint at all, asked once per work in the ledger's own batch: most stores
        // have none, and their every commit then skips the outbox INSERT and its round trip.
        var probe = _storeHasEndpoints is null ? WebhookEvents.EndpointsProbe(_tenantId) : null;
        var outcome = await _factory.Ledger.ApplyAsync(prelude, results, lockIds, changes, now, probe, names, ct);
        _storeHasEndpoints ??= outcome.Probed;
        if (!outcome.Result.Succeeded)
        {
            return outcome.Result;
        }
        var alerts = await RecordAlertsAsync(outcome.Scopes, now, ct);
        _factory.Webhooks.AddRange(outcome.Result.Levels
            .GroupBy(l => (l.ProductId, l.WarehouseId))
            .Select(g => g.Last())
            .Select(l => new WebhookEvent(WebhookEventTypes.StockChanged, l.ProductId, l.WarehouseId, new Dictionary<string, object?>
            {
                ["onHand"] = l.OnHand, ["reserved"] = l.Reserved, ["available"] = l.Available, ["backordered"] = l.Backordered,
                // The key the movements are recorded under, as in the API's movement answer (null outside the API).
                ["apiKeyId"] = _factory.ApiKeyId,
            })));
        _toEvaluate.ExceptWith(changes.Select(c => c.ProductId));
        _applied += changes.Count;
        return outcome.Result with { Alerts = alerts };
    }

    /// <summary>
    /// The Stock Settings of the work's products are about to change: notes them as they stand, so that the commit
    /// records every field that really changed (old and new value, who, from where) and evaluates their alerts.
    /// </summary>
    /// <param name="productWideOnly">
    /// The caller changes nothing but the products' own settings (a bulk action on the Low Stock Alert, SMS alerts or
    /// the out-of-stock policy): no warehouse threshold, no stock, no archive flag. A warehouse scope's state depends on
    /// none of those, so the commit neither audits nor evaluates warehouse scopes (at 100,000 products, 200,000 stock rows
    /// read twice for nothing). Stock changes applied in the same work are still evaluated in full.
    /// </param>
    public async Task AuditSettingsAsync(ChangeOrigin origin, CancellationToken ct, bool productWideOnly = false)
    {
        EnsureOpen();
        await ExecuteAsync(SettingsAudit.SnapshotCommands(_tenantId, _productIds, productWideOnly), ct);
        _audit = origin;
        _productWideOnly = productWideOnly;
        _toEvaluate.UnionWith(_productIds);
    }

    /// <summary>Announces <paramref name="e"/> to the store's webhook endpoints that want it, if the work commits.</summary>
    public void Publish(WebhookEvent e)
    {
        EnsureOpen();
        _factory.Webhooks.Add(e);
    }

    /// <summary>Runs set-based statements of the domain (bulk settings, import, order rows) in the work's transaction.</summary>
    internal async Task ExecuteAsync(IEnumerable<NpgsqlBatchCommand> commands, CancellationToken ct)
    {
        EnsureOpen();
        await using var batch = Batch(commands, out _);
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Reads with one statement in the work's transaction.</summary>
    internal async Task<T> ReadAsync<T>(NpgsqlBatchCommand command, Func<NpgsqlDataReader, Task<T>> read, CancellationToken ct)
    {
        EnsureOpen();
        await using var batch = Batch([command], out var skip);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await SkipAsync(reader, skip, ct);
        return await read(reader);
    }

    /// <summary>A point to come back to without giving up the whole work (a refused request keeps its idempotency record).</summary>
    public async Task<Checkpoint> CheckpointAsync(string name, CancellationToken ct)
    {
        await FlushAsync(ct);
        await Sql.ExecuteAsync(Connection, [Sql.Command($"SAVEPOINT {name}")], ct);
        return new Checkpoint(this, name, _queued, _factory.Webhooks.Mark);
    }

    /// <summary>
    /// Records the audit, evaluates the alerts of every product changed since its last evaluation, commits (or
    /// releases the savepoint of a joined work), then starts delivery of the notifications it queued.
    /// </summary>
    public async Task<AlertOutcome> CommitAsync(CancellationToken ct)
    {
        EnsureOpen();
        var now = _factory.Now;
        if (_audit is not null || _toEvaluate.Count > 0)
        {
            var ids = _toEvaluate.Order().ToArray();
            IEnumerable<NpgsqlBatchCommand> audit = _audit is { } origin
                ? [SettingsAudit.RecordCommand(_tenantId, _productIds, origin, _userId, now, _productWideOnly)]
                : [];
            List<ScopeSnapshot> scopes = [];
            var snapshot = ids.Length > 0 ? AlertEvaluator.SnapshotCommands(_tenantId, ids, _productWideOnly).ToList() : [];
            await using (var batch = Batch(audit.Concat(snapshot), out var skip))
            await using (var reader = await batch.ExecuteReaderAsync(ct))
            {
                if (ids.Length > 0)
                {
                    await SkipAsync(reader, skip, ct);
                    scopes = await AlertEvaluator.ReadSnapshotAsync(reader, ct, snapshot.Count);
                }
            }
            await RecordAlertsAsync(scopes, now, ct);
            _toEvaluate.Clear();
        }

        // The webhook events of the whole work (a joined work's go with its outer work's commit), in its transaction.
        var webhooksQueued = false;
        if (_outer is null && _factory.Webhooks.TakeOutboxCommand(_tenantId, now) is { } webhooks && _storeHasEndpoints != false)
        {
            await ExecuteAsync([webhooks], ct);
            webhooksQueued = webhooks.RecordsAffected > 0;
        }

        _finished = true;
        if (_outer is not null)
        {
            if (_started)
            {
                await Sql.ExecuteAsync(Connection, [Sql.Command($"RELEASE SAVEPOINT {_savepoint}")], ct);
            }
            _outer._queued |= _queued;
            _outer._storeHasEndpoints ??= _storeHasEndpoints;
            _outer._applied += _applied;
            _outer.Alerts = _outer.Alerts.Plus(Alerts);
            return Alerts;
        }
        await (_efTransaction?.CommitAsync(ct) ?? _rawTransaction!.CommitAsync(ct));
        StockMetrics.StockChanges.Add(_applied);
        StockMetrics.AlertsOpened.Add(Alerts.Opened);
        if (_queued)
        {
            _factory.Dispatcher.Dispatch(_tenantId);
        }
        if (webhooksQueued)
        {
            _factory.Webhooks.Dispatch(_tenantId);
        }
        return Alerts;
    }

    /// <summary>Gives up now (rather than at disposal), e.g. to read the stock as it stands without the work.</summary>
    public async Task RollbackAsync(CancellationToken ct)
    {
        if (_finished)
        {
            return;
        }
        _finished = true;
        _factory.Webhooks.RollbackTo(_webhookMark);
        if (_outer is not null)
        {
            if (_started)
            {
                await Sql.ExecuteAsync(Connection, [Sql.Command($"ROLLBACK TO SAVEPOINT {_savepoint}"), Sql.Command($"RELEASE SAVEPOINT {_savepoint}")], ct);
            }
            return;
        }
        await (_efTransaction?.RollbackAsync(ct) ?? _rawTransaction!.RollbackAsync(ct));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Disposed without a commit: rolled back, nothing dispatched.
            if (!_finished && Connection.State == System.Data.ConnectionState.Open)
            {
                await RollbackAsync(CancellationToken.None);
            }
        }
        finally
        {
            _factory.Ended(this);
            if (_efTransaction is not null)
            {
                await _efTransaction.DisposeAsync();
            }
            if (_rawTransaction is not null)
            {
                await _rawTransaction.DisposeAsync();
            }
            if (_close is not null)
            {
                await _close();
            }
        }
    }

    /// <summary>
    /// EF may write anything in this work (a threshold, an archive flag, the store default): every product of the work
    /// is evaluated at commit unless a stock change evaluates it later.
    /// </summary>
    internal void EvaluateAllAtCommit() => _toEvaluate.UnionWith(_productIds);

    /// <summary>Sends what the work still owes the database (its locks) before EF or other code uses the transaction.</summary>
    internal async Task FlushAsync(CancellationToken ct)
    {
        if (_prelude.Count > 0 || _locksPending)
        {
            await ExecuteAsync([], ct);
        }
    }

    private async Task<AlertOutcome> RecordAlertsAsync(IReadOnlyList<ScopeSnapshot> scopes, DateTimeOffset now, CancellationToken ct)
    {
        var transitions = AlertEvaluator.Decide(_tenantId, scopes, now);
        if (transitions.Commands.Count == 0)
        {
            return AlertOutcome.Nothing;
        }
        await using var batch = new NpgsqlBatch(Connection) { Timeout = Sql.TimeoutFor(scopes.Count) };
        foreach (var command in transitions.Commands)
        {
            batch.BatchCommands.Add(command);
        }
        NpgsqlBatchCommand? outbox = null;
        if (transitions.Crossings.Count > 0)
        {
            outbox = AlertRecipients.OutboxCommand(_tenantId, transitions.Crossings, now);
            batch.BatchCommands.Add(outbox);
        }
        await batch.ExecuteNonQueryAsync(ct);
        var outcome = transitions.Outcome with { Notifications = outbox?.RecordsAffected ?? 0 };
        _factory.Webhooks.AddRange(transitions.Changes.Select(c => new WebhookEvent(
            c.Kind switch
            {
                AlertEventKind.Opened => WebhookEventTypes.AlertOpened,
                AlertEventKind.Escalated => WebhookEventTypes.AlertEscalated,
                _ => WebhookEventTypes.AlertResolved,
            },
            c.ProductId, c.WarehouseId, new Dictionary<string, object?>
            {
                ["alertId"] = c.AlertId, ["scope"] = c.WarehouseId is null ? "product" : "warehouse", ["available"] = c.Available, ["threshold"] = c.Threshold,
            })));
        _queued |= outcome.Notifications > 0;
        Alerts = Alerts.Plus(outcome);
        return outcome;
    }

    /// <summary>
    /// The statements the work still owes the database (its savepoint, session setting and, unless the caller locks
    /// them itself, its locks), and how many result sets they return; the caller sends them first in its batch.
    /// </summary>
    private (List<NpgsqlBatchCommand> Commands, int Results) TakePrelude(bool withLocks = true)
    {
        var taken = (Commands: new List<NpgsqlBatchCommand>(_prelude), Results: _preludeResults);
        if (withLocks && _locksPending)
        {
            taken.Commands.Add(Sql.LockProducts(_tenantId, _productIds));
            taken.Results++;
        }
        _started |= taken.Commands.Count > 0 || _locksPending;
        _locksPending = false;
        _prelude.Clear();
        _preludeResults = 0;
        return taken;
    }

    /// <summary>A batch of what the work still owes the database followed by <paramref name="commands"/>; <paramref name="skip"/>
    /// result sets come first.</summary>
    private NpgsqlBatch Batch(IEnumerable<NpgsqlBatchCommand> commands, out int skip)
    {
        var (prelude, results) = TakePrelude();
        var batch = new NpgsqlBatch(Connection) { Timeout = Sql.TimeoutFor(_productIds.Length) };
        foreach (var command in prelude.Concat(commands))
        {
            batch.BatchCommands.Add(command);
        }
        skip = results;
        return batch;
    }

    private static async Task SkipAsync(NpgsqlDataReader reader, int results, CancellationToken ct)
    {
        for (var i = 0; i < results; i++)
        {
            await reader.NextResultAsync(ct);
        }
    }

    private void EnsureOpen()
    {
        if (_finished)
        {
            throw new InvalidOperationException("This unit of work has been committed or rolled back already.");
        }
    }

    /// <summary>A savepoint inside the work; rolling back to it also forgets the deliveries queued after it.</summary>
    public sealed class Checkpoint(StockWork work, string name, bool queued, int webhookMark)
    {
        public async Task RollbackAsync(CancellationToken ct)
        {
            await Sql.ExecuteAsync(work.Connection, [Sql.Command($"ROLLBACK TO SAVEPOINT {name}")], ct);
            work._queued = queued;
            work._factory.Webhooks.RollbackTo(webhookMark);
        }
    }
}
