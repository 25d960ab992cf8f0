using CodRocket.Stock.Data;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Webhooks;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodRocket.Stock.Inventory;

/// <summary>
/// Begins <see cref="StockWork"/>s: the only way to change stock or Stock Settings. Scoped, like the DbContext whose
/// connection and transaction the works use; one work at a time per scope, or works joined to the request's.
/// </summary>
public sealed class StockWorkFactory(
    StockDbContext db, ITenantContext tenant, TimeProvider clock, IBackorderQueue backorders, INotificationDispatcher dispatcher, WebhookEvents webhooks)
{
    private StockWork? _request;
    private StockWork? _current;
    private int _joined;

    internal StockLedger Ledger { get; } = new(db, tenant, backorders);

    internal INotificationDispatcher Dispatcher => dispatcher;

    internal WebhookEvents Webhooks => webhooks;

    internal DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The API key the work's changes are recorded under (null outside the API).</summary>
    internal Guid? ApiKeyId => tenant.ApiKeyId;

    /// <summary>True inside an API request's own transaction (see <see cref="BeginRequestAsync"/>).</summary>
    public bool InRequestWork => _request is not null;

    /// <summary>
    /// A work for the products (their locks taken now, in id order) whose code may also use the DbContext: EF queries
    /// and SaveChanges run in its transaction.
    /// </summary>
    public Task<StockWork> BeginAsync(IEnumerable<Guid> productIds, CancellationToken ct) => BeginAsync(productIds, batched: false, ct);

    /// <summary>
    /// The outer work of an API request made safe to retry (<c>Idempotency-Key</c>): the stored response commits
    /// with the change. Works begun while it is open join it as savepoints; its commit dispatches their notifications.
    /// </summary>
    public async Task<StockWork> BeginRequestAsync(CancellationToken ct)
    {
        _request = await BeginAsync([], batched: false, ct);
        return _request;
    }

    /// <summary>Begins, applies and commits stock changes (when the ledger accepts them all): the usual single change.</summary>
    /// <param name="names">See <see cref="StockWork.ApplyAsync"/>.</param>
    public async Task<StockResult> ApplyAsync(IReadOnlyList<StockChange> changes, CancellationToken ct, StockTargetNames? names = null)
    {
        await using var work = await BeginBatchedAsync(changes.Select(c => c.ProductId), ct);
        var result = await work.ApplyAsync(changes, ct, names);
        if (result.Succeeded)
        {
            await work.CommitAsync(ct);
        }
        return result;
    }

    public Task<StockResult> ReceiveAsync(Guid productId, Guid warehouseId, int quantity, string? note, CancellationToken ct) =>
        ApplyAsync([StockChange.Receive(productId, warehouseId, quantity, note)], ct);

    public Task<StockResult> CountAsync(Guid productId, Guid warehouseId, int countedOnHand, AdjustmentReason reason, string? note, CancellationToken ct) =>
        ApplyAsync([StockChange.Count(productId, warehouseId, countedOnHand, reason, note)], ct);

    public Task<StockResult> TransferAsync(Guid productId, Guid fromWarehouseId, Guid toWarehouseId, int quantity, string? note, CancellationToken ct) =>
        ApplyAsync(StockChange.Transfer(productId, fromWarehouseId, toWarehouseId, quantity, note), ct);

    /// <summary>
    /// A work that sends its locks with its first statement (one round trip for a receipt or an order's
    /// reservations). Its code uses only the work's own methods, not EF.
    /// </summary>
    internal Task<StockWork> BeginBatchedAsync(IEnumerable<Guid> productIds, CancellationToken ct) => BeginAsync(productIds, batched: true, ct);

    /// <summary>
    /// What the work sends first on its connection: row-level security for the store it acts for, local to the
    /// transaction (a batched work opens its connection outside EF, whose interceptor would otherwise set it).
    /// </summary>
    internal IEnumerable<NpgsqlBatchCommand> SessionCommands() => [RowLevelSecurity.SetCommand(tenant, local: true)];

    internal void Ended(StockWork work)
    {
        if (ReferenceEquals(work, _request))
        {
            _request = null;
        }
        if (ReferenceEquals(work, _current))
        {
            _current = null;
        }
    }

    private async Task<StockWork> BeginAsync(IEnumerable<Guid> productIds, bool batched, CancellationToken ct)
    {
        var tenantId = tenant.RequireTenant();
        var ids = productIds.Distinct().Order().ToArray();
        if (_current is not null && !ReferenceEquals(_current, _request))
        {
            throw new InvalidOperationException("A unit of work is open already in this scope: do the change inside it.");
        }
        StockWork work;
        if (_request is not null)
        {
            work = new StockWork(this, db, tenantId, tenant.UserId, ids, _request, $"stock_work_{++_joined}", null, null, null);
        }
        else if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("A transaction is open outside a unit of work: begin the request's work instead (BeginRequestAsync).");
        }
        else if (batched)
        {
            // Driven without EF's wrappers, which cost more than the statements on this path. Npgsql sends BEGIN with
            // the first statement, so beginning costs no round trip; the work's first batch carries the session setting
            // an EF open would send in a round trip of its own.
            var connection = await RawConnection.OpenAsync(db, tenant, ct);
            work = new StockWork(this, db, tenantId, tenant.UserId, ids, null, null, null, await connection.Connection.BeginTransactionAsync(ct),
                () => connection.DisposeAsync().AsTask());
        }
        else
        {
            await db.Database.OpenConnectionAsync(ct);
            work = new StockWork(this, db, tenantId, tenant.UserId, ids, null, null, await db.Database.BeginTransactionAsync(ct), null,
                () => db.Database.CloseConnectionAsync());
        }
        _current = work;
        if (!batched)
        {
            // EF may run first (a query, a SaveChanges): the locks must be held before it does.
            await work.FlushAsync(ct);
            work.EvaluateAllAtCommit();
        }
        return work;
    }
}
