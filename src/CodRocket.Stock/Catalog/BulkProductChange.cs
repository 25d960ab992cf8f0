using CodRocket.Stock.Alerts;
using CodRocket.Stock.Data;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace CodRocket.Stock.Catalog;

public enum BulkActionKind
{
    SetLowStockThreshold,
    ClearLowStockThreshold,
    EnableSmsAlerts,
    DisableSmsAlerts,
    SetOutOfStockPolicy,
    /// <summary>Each product's own suggested Low Stock Alert (product-wide), from <see cref="StockForecasts.ForProductsAsync"/>.</summary>
    ApplySuggestedThreshold,
}

/// <summary>One bulk action on the Stock Settings of many products. Build it with the factory methods.</summary>
/// <param name="WarehouseId">For thresholds: the warehouse whose threshold changes; null for the product-wide Low Stock Alert.</param>
/// <param name="Policy">For <see cref="BulkActionKind.SetOutOfStockPolicy"/>: null means "the store default".</param>
public sealed record BulkAction(BulkActionKind Kind, int? Threshold = null, Guid? WarehouseId = null, OutOfStockPolicy? Policy = null)
{
    public static BulkAction SetThreshold(int threshold, Guid? warehouseId) =>
        new(BulkActionKind.SetLowStockThreshold, StockLimits.Threshold(threshold, nameof(threshold)), warehouseId);

    public static BulkAction ClearThreshold(Guid? warehouseId) => new(BulkActionKind.ClearLowStockThreshold, null, warehouseId);

    public static BulkAction SmsAlerts(bool on) => new(on ? BulkActionKind.EnableSmsAlerts : BulkActionKind.DisableSmsAlerts);

    public static BulkAction SetPolicy(OutOfStockPolicy? policy) =>
        policy is null || Enum.IsDefined(policy.Value)
            ? new(BulkActionKind.SetOutOfStockPolicy, Policy: policy)
            : throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown out-of-stock policy.");

    /// <summary>The suggested threshold of each product, product-wide: the same figure as the product page's Apply button.</summary>
    public static BulkAction ApplySuggested() => new(BulkActionKind.ApplySuggestedThreshold);

    public bool ChangesThresholds => Kind is BulkActionKind.SetLowStockThreshold or BulkActionKind.ClearLowStockThreshold or BulkActionKind.ApplySuggestedThreshold;
}

/// <param name="Selected">Products in the selection.</param>
/// <param name="WillChange">Products whose setting differs from the new value (the others are left alone).</param>
/// <param name="WouldOpen">Scopes that would be at or below their threshold with no alert yet: they alert right away.</param>
/// <param name="WouldResolve">Open alerts that would resolve (their scope would no longer be low).</param>
/// <param name="Skipped">For "Apply suggested threshold": products left alone because they have no suggestion.</param>
public sealed record BulkPreview(int Selected, int WillChange, int WouldOpen, int WouldResolve, BulkSkipped? Skipped = null);

public sealed record BulkResult(int Selected, int Changed, AlertOutcome Alerts, BulkSkipped? Skipped = null)
{
    /// <summary>The change as a whole (<see cref="SettingChangeBatch"/>): what "Revert this change" puts back. Null when nothing ran.</summary>
    public Guid? ChangeId { get; init; }
}

/// <summary>
/// Products "Apply suggested threshold" leaves alone: no supplier lead time, so no suggestion (the product page shows
/// none either). A product without sales in the window gets its page's suggestion too (the safety stock alone, as the
/// page says). <see cref="Capped"/> products are applied, at <see cref="StockLimits.MaxThreshold"/>.
/// </summary>
public sealed record BulkSkipped(int NoLeadTime, int Capped)
{
    public int Total => NoLeadTime;
}

/// <summary>
/// Applies a <see cref="BulkAction"/> to a selection of products: a preview first, then the change itself, set-based
/// (a bounded number of statements whatever the number of products) in one <see cref="StockWork"/>, so
/// the products are locked, the change is audited and every affected scope is evaluated in the same transaction,
/// exactly as if each product had been edited on its own page.
/// </summary>
/// <remarks>
/// The selection is a query on the tenant-filtered DbSet (ticked ids, or <see cref="ProductFilter.Apply"/> for "all
/// matching"): it is resolved to ids once, in the database, and the ids never leave the server. The raw statements
/// that follow name tenant_id themselves.
/// </remarks>
public sealed class BulkProductChange(
    StockDbContext db, StockWorkFactory stockWork, StockForecasts forecasts, ITenantContext tenant, TimeProvider clock)
{
    public async Task<BulkPreview> PreviewAsync(IQueryable<Product> selection, BulkAction action, CancellationToken ct)
    {
        var ids = await selection.Select(p => p.Id).ToArrayAsync(ct);
        if (ids.Length == 0)
        {
            return new BulkPreview(0, 0, 0, 0);
        }
        if (action.Kind == BulkActionKind.ApplySuggestedThreshold)
        {
            var suggested = await SuggestionsAsync(ids, ct);
            if (suggested.Ids.Length == 0)
            {
                return new BulkPreview(ids.Length, 0, 0, 0, suggested.Skipped);
            }
            var counts = await QueryCountsAsync(SuggestedPreviewCommand(tenant.RequireTenant(), suggested.Ids, suggested.Values), suggested.Ids.Length, ct);
            return new BulkPreview(ids.Length, counts.WillChange, counts.WouldOpen, counts.WouldResolve, suggested.Skipped);
        }
        var storeDefault = (await db.CurrentTenantAsync(ct)).DefaultLowStockThreshold;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection()) { Timeout = Sql.TimeoutFor(ids.Length) };
            batch.BatchCommands.Add(PreviewCommand(tenant.RequireTenant(), ids, action, storeDefault));
            await using var reader = await batch.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new BulkPreview(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task<BulkResult> ApplyAsync(IQueryable<Product> selection, BulkAction action, CancellationToken ct)
    {
        var ids = await selection.Select(p => p.Id).ToArrayAsync(ct);
        if (ids.Length == 0)
        {
            return new BulkResult(0, 0, AlertOutcome.Nothing);
        }
        var tenantId = tenant.RequireTenant();
        if (action.Kind == BulkActionKind.ApplySuggestedThreshold)
        {
            var suggested = await SuggestionsAsync(ids, ct);
            if (suggested.Ids.Length == 0)
            {
                return new BulkResult(ids.Length, 0, AlertOutcome.Nothing, suggested.Skipped);
            }
            var (suggestedChanged, suggestedAlerts, suggestedChange) = await ChangeAsync(
                suggested.Ids, [SuggestedChangeCommand(tenantId, suggested.Ids, suggested.Values, clock.GetUtcNow())], productWideOnly: true, ct);
            return new BulkResult(ids.Length, suggestedChanged, suggestedAlerts, suggested.Skipped) { ChangeId = suggestedChange };
        }
        var (changed, alerts, change) = await ChangeAsync(
            ids, [.. ChangeCommands(tenantId, ids, action, clock.GetUtcNow())], productWideOnly: action.WarehouseId is null, ct);
        return new BulkResult(ids.Length, changed, alerts) { ChangeId = change };
    }

    /// <summary>
    /// Set-based statements in one unit of work: locked, audited as one change (its batch row goes first), evaluated.
    /// <paramref name="productWideOnly"/>: the statements change the products' own settings only (every action but a
    /// warehouse threshold), so warehouse scopes are neither audited nor evaluated.
    /// </summary>
    private async Task<(int Changed, AlertOutcome Alerts, Guid ChangeId)> ChangeAsync(
        Guid[] ids, IReadOnlyList<NpgsqlBatchCommand> changes, bool productWideOnly, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var batch = new SettingChangeBatch(Guid.CreateVersion7(now), ChangeSource.BulkAction, null, tenant.UserId, now);
        await using var work = await stockWork.BeginAsync(ids, ct);
        await work.AuditSettingsAsync(new ChangeOrigin(ChangeSource.BulkAction, BatchId: batch.Id), ct, productWideOnly);
        await work.ExecuteAsync([SettingsAudit.BatchCommand(tenant.RequireTenant(), batch), .. changes], ct);
        var alerts = await work.CommitAsync(ct);
        return (changes.Sum(c => c.RecordsAffected), alerts, batch.Id);
    }

    /// <summary>
    /// The suggestion of each product, one query for all (<see cref="StockForecasts.ForProductsAsync"/>, the product
    /// page's own function): the products that get one, with their values capped at <see cref="StockLimits.MaxThreshold"/>,
    /// and what was skipped.
    /// </summary>
    private async Task<(Guid[] Ids, int[] Values, BulkSkipped Skipped)> SuggestionsAsync(Guid[] ids, CancellationToken ct)
    {
        var calendar = await forecasts.CalendarAsync(ct);
        var scopes = await forecasts.ForProductsAsync(ids, calendar, ct);
        var (noLeadTime, capped) = (0, 0);
        var applicable = new List<(Guid Id, int Value)>(scopes.Count);
        foreach (var scope in scopes.Values.OrderBy(s => s.ProductId))
        {
            if (scope.Forecast.Suggestion.Value is not { } value)
            {
                noLeadTime++;
            }
            else
            {
                if (value > StockLimits.MaxThreshold)
                {
                    capped++;
                    value = StockLimits.MaxThreshold;
                }
                applicable.Add((scope.ProductId, value));
            }
        }
        return ([.. applicable.Select(a => a.Id)], [.. applicable.Select(a => a.Value)], new BulkSkipped(noLeadTime, capped));
    }

    private async Task<(int WillChange, int WouldOpen, int WouldResolve)> QueryCountsAsync(NpgsqlBatchCommand command, int size, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection()) { Timeout = Sql.TimeoutFor(size) };
            batch.BatchCommands.Add(command);
            await using var reader = await batch.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Each product's own value, from (id, value) pairs: one statement whatever their number.</summary>
    private static NpgsqlBatchCommand SuggestedChangeCommand(Guid tenantId, Guid[] ids, int[] values, DateTimeOffset now) => Sql.Command(
        """
        UPDATE products p SET low_stock_threshold = v.value, updated_at = $4
        FROM unnest($2::uuid[], $3::int[]) AS v(id, value)
        WHERE p.tenant_id = $1 AND p.id = v.id AND p.low_stock_threshold IS DISTINCT FROM v.value
        """,
        tenantId, ids, values, now);

    /// <summary>As the product-wide preview of Set Low Stock Alert, each product with its own value.</summary>
    private static NpgsqlBatchCommand SuggestedPreviewCommand(Guid tenantId, Guid[] ids, int[] values) => Sql.Command(
        $"""
        SELECT count(*) FILTER (WHERE p.low_stock_threshold IS DISTINCT FROM v.value)::int,
               count(*) FILTER (WHERE a.id IS NULL AND x.low)::int,
               count(*) FILTER (WHERE a.id IS NOT NULL AND NOT x.low)::int
        FROM unnest($2::uuid[], $3::int[]) AS v(id, value)
        JOIN products p ON p.tenant_id = $1 AND p.id = v.id
        LEFT JOIN stock_alerts a ON a.tenant_id = $1 AND a.product_id = p.id AND a.warehouse_id IS NULL AND a.resolved_at IS NULL
        CROSS JOIN LATERAL (SELECT {ScopeState.IsLowSql("p.is_archived", "v.value", ProductAvailable, ProductStocked)} AS low) x
        """,
        tenantId, ids, values);

    /// <summary>The product-wide scope's available stock and "has had stock", for <c>p</c>, in raw SQL.</summary>
    private const string ProductAvailable = "(SELECT COALESCE(SUM(s.available), 0) FROM stock_levels s WHERE s.tenant_id = $1 AND s.product_id = p.id)";

    private const string ProductStocked = "EXISTS (SELECT 1 FROM stock_levels s WHERE s.tenant_id = $1 AND s.product_id = p.id AND s.stocked)";

    private static IEnumerable<NpgsqlBatchCommand> ChangeCommands(Guid tenantId, Guid[] ids, BulkAction action, DateTimeOffset now) =>
        action.ChangesThresholds && action.WarehouseId is { } warehouseId
            // A product with no stock row in the warehouse gets one (0 units), as on the product page.
            ? WarehouseThreshold.Statements(
                tenantId, ids, [.. ids.Select(_ => warehouseId)], [.. ids.Select(_ => action.Threshold)], now)
            : [ChangeCommand(tenantId, ids, action, now)];

    private static NpgsqlBatchCommand ChangeCommand(Guid tenantId, Guid[] ids, BulkAction action, DateTimeOffset now) => action switch
    {
        { ChangesThresholds: true } => Sql.Command(
            """
            UPDATE products SET low_stock_threshold = $3, updated_at = $4
            WHERE tenant_id = $1 AND id = ANY($2) AND low_stock_threshold IS DISTINCT FROM $3
            """,
            tenantId, ids, Int(action.Threshold), now),
        { Kind: BulkActionKind.EnableSmsAlerts or BulkActionKind.DisableSmsAlerts } => Sql.Command(
            "UPDATE products SET sms_alerts = $3, updated_at = $4 WHERE tenant_id = $1 AND id = ANY($2) AND sms_alerts <> $3",
            tenantId, ids, action.Kind == BulkActionKind.EnableSmsAlerts, now),
        _ => Sql.Command(
            """
            UPDATE products SET out_of_stock_policy = $3, updated_at = $4
            WHERE tenant_id = $1 AND id = ANY($2) AND out_of_stock_policy IS DISTINCT FROM $3
            """,
            tenantId, ids, Sql.Text(action.Policy?.ToString()), now),
    };

    /// <summary>
    /// Counts, for the selection: the products, those whose value would change, and — for thresholds — the scopes
    /// that would open an alert (low after the change, none open now) or resolve one (open now, not low after).
    /// The low test is the evaluator's (<see cref="ScopeState.IsLow"/>): not archived, stocked once, a threshold,
    /// available ≤ it.
    /// </summary>
    private static NpgsqlBatchCommand PreviewCommand(Guid tenantId, Guid[] ids, BulkAction action, int? storeDefault) => action switch
    {
        { ChangesThresholds: true, WarehouseId: { } warehouseId } => Sql.Command(
            $"""
            SELECT count(*)::int,
                   count(*) FILTER (WHERE s.low_stock_threshold IS DISTINCT FROM $4)::int,
                   count(*) FILTER (WHERE a.id IS NULL AND x.low)::int,
                   count(*) FILTER (WHERE a.id IS NOT NULL AND NOT x.low)::int
            FROM products p
            LEFT JOIN stock_levels s ON s.tenant_id = $1 AND s.product_id = p.id AND s.warehouse_id = $3
            LEFT JOIN stock_alerts a ON a.tenant_id = $1 AND a.product_id = p.id AND a.warehouse_id = $3 AND a.resolved_at IS NULL
            CROSS JOIN LATERAL (SELECT {ScopeState.IsLowSql("p.is_archived", "$4::int", "COALESCE(s.available, 0)", "COALESCE(s.stocked, false)")} AS low) x
            WHERE p.tenant_id = $1 AND p.id = ANY($2)
            """,
            tenantId, ids, warehouseId, Int(action.Threshold)),
        { ChangesThresholds: true } => Sql.Command(
            $"""
            SELECT count(*)::int,
                   count(*) FILTER (WHERE p.low_stock_threshold IS DISTINCT FROM $3)::int,
                   count(*) FILTER (WHERE a.id IS NULL AND x.low)::int,
                   count(*) FILTER (WHERE a.id IS NOT NULL AND NOT x.low)::int
            FROM products p
            LEFT JOIN stock_alerts a ON a.tenant_id = $1 AND a.product_id = p.id AND a.warehouse_id IS NULL AND a.resolved_at IS NULL
            CROSS JOIN LATERAL (SELECT {ScopeState.IsLowSql("p.is_archived", "$4::int", ProductAvailable, ProductStocked)} AS low) x
            WHERE p.tenant_id = $1 AND p.id = ANY($2)
            """,
            // The product-wide scope falls back on the store default, so clearing a threshold may still alert.
            tenantId, ids, Int(action.Threshold), Int(action.Threshold ?? storeDefault)),
        { Kind: BulkActionKind.EnableSmsAlerts or BulkActionKind.DisableSmsAlerts } => Sql.Command(
            "SELECT count(*)::int, count(*) FILTER (WHERE sms_alerts <> $3)::int, 0, 0 FROM products WHERE tenant_id = $1 AND id = ANY($2)",
            tenantId, ids, action.Kind == BulkActionKind.EnableSmsAlerts),
        _ => Sql.Command(
            """
            SELECT count(*)::int, count(*) FILTER (WHERE out_of_stock_policy IS DISTINCT FROM $3)::int, 0, 0
            FROM products WHERE tenant_id = $1 AND id = ANY($2)
            """,
            tenantId, ids, Sql.Text(action.Policy?.ToString())),
    };

    private static NpgsqlParameter Int(int? value) => new() { NpgsqlDbType = NpgsqlDbType.Integer, Value = (object?)value ?? DBNull.Value };
}
