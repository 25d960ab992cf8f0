using CodRocket.Stock.Data;
using Npgsql;

namespace CodRocket.Stock.Alerts;

/// <summary>A scope as read from the database, with its open alert if any.</summary>
internal sealed record ScopeSnapshot(Guid ProductId, Guid? WarehouseId, ScopeState State, Guid? OpenAlertId);

/// <summary>What one evaluation changed, and how many notifications it queued for delivery.</summary>
public sealed record AlertOutcome(int Opened, int Escalated, int Resolved, int Notifications = 0)
{
    public static readonly AlertOutcome Nothing = new(0, 0, 0);

    public AlertOutcome Plus(AlertOutcome other) =>
        new(Opened + other.Opened, Escalated + other.Escalated, Resolved + other.Resolved, Notifications + other.Notifications);
}

/// <summary>An alert that opened or escalated: a crossing people are told about.</summary>
public sealed record AlertCrossing(Guid AlertId, Guid ProductId, Guid? WarehouseId);

/// <summary>An alert that opened, escalated or resolved, as the webhook events tell it.</summary>
public sealed record AlertChangeEvent(Guid AlertId, AlertEventKind Kind, Guid ProductId, Guid? WarehouseId, int Available, int? Threshold);

/// <summary>
/// What an evaluation decided: the statements that bring the alerts in line (one batch whatever the number of
/// scopes) and the crossings to announce. <see cref="Inventory.StockWork"/> runs the statements together with the
/// notification rows it asks the notifications feature for (alerts know nothing of notifications).
/// </summary>
internal sealed record AlertTransitions(
    IReadOnlyList<NpgsqlBatchCommand> Commands, IReadOnlyList<AlertCrossing> Crossings, AlertOutcome Outcome, IReadOnlyList<AlertChangeEvent> Changes)
{
    public static readonly AlertTransitions None = new([], [], AlertOutcome.Nothing, []);
}

/// <summary>
/// Brings every scope of a set of products in line with its stock: opens, escalates and resolves alerts
/// (<see cref="AlertRules"/>) set-based — one read and at most one batch of writes whatever the number of
/// products. It only reads and decides; the caller (the unit of work, which holds the products' locks) executes.
/// </summary>
internal static class AlertEvaluator
{
    /// <summary>
    /// Reads every scope of the products: the product-wide one (total available against the product's Low Stock
    /// Alert, else the store default) and each warehouse row that has a threshold or an open alert. Two plain
    /// statements rather than one UNION: they run with every stock change, and simple statements keep their
    /// prepared plans (see <see cref="Sql.IdMatch"/>). <paramref name="productWideOnly"/>: the first only (a change of
    /// product-wide settings leaves every warehouse scope as it was).
    /// </summary>
    public static IEnumerable<NpgsqlBatchCommand> SnapshotCommands(Guid tenantId, Guid[] productIds, bool productWideOnly = false)
    {
        var match = Sql.IdMatch(productIds);
        var ids = Sql.IdParameter(productIds);
        yield return Sql.Command(
            $"""
            SELECT p.id AS product_id, NULL::uuid AS warehouse_id, p.is_archived,
                   COALESCE(p.low_stock_threshold, t.default_low_stock_threshold) AS threshold,
                   COALESCE(st.available, 0)::int AS available, COALESCE(st.stocked, false) AS stocked,
                   a.id AS alert_id, a.level AS alert_level, a.escalated_at IS NOT NULL OR a.available_at_open <= 0 AS reached_out
            FROM products p
            JOIN tenants t ON t.id = $1
            {ProductTotal}
            LEFT JOIN stock_alerts a ON a.tenant_id = $1 AND a.product_id = p.id
                                    AND a.warehouse_id IS NULL AND a.resolved_at IS NULL
            WHERE p.tenant_id = $1 AND p.id {match}
            """,
            tenantId, ids);
        if (productWideOnly)
        {
            yield break;
        }
        yield return Sql.Command(
            $"""
            SELECT s.product_id, s.warehouse_id, p.is_archived, s.low_stock_threshold AS threshold,
                   s.available, s.stocked,
                   a.id AS alert_id, a.level AS alert_level, a.escalated_at IS NOT NULL OR a.available_at_open <= 0 AS reached_out
            FROM stock_levels s
            JOIN products p ON p.tenant_id = $1 AND p.id = s.product_id
            LEFT JOIN stock_alerts a ON a.tenant_id = $1 AND a.product_id = s.product_id
                                    AND a.warehouse_id = s.warehouse_id AND a.resolved_at IS NULL
            WHERE s.tenant_id = $1 AND s.product_id {match}
              AND (s.low_stock_threshold IS NOT NULL OR a.id IS NOT NULL)
            """,
            tenantId, ids);
    }

    /// <summary>
    /// A product's total across its warehouses, one index probe per product, for one product (the hot path's prepared
    /// plan) and for many alike. Many products' totals grouped in one pass (a LEFT JOIN to a GROUP BY over
    /// <c>product_id = ANY($2)</c>) were about 100 ms quicker at 10,000 products with a plan made for the array at hand,
    /// but the statement is auto-prepared, and once PostgreSQL settles on its generic plan (after a few multi-line
    /// orders on the same connection) that plan expects one product and re-runs the whole grouping for every product:
    /// quadratic, 15-33 s for one bulk action on 10,000 products in the integration tests (auto_explain), minutes at
    /// 50,000. A probe per product is linear in any plan.
    /// </summary>
    private const string ProductTotal =
        """
        CROSS JOIN LATERAL (SELECT SUM(s.available) AS available, bool_or(s.stocked) AS stocked
                            FROM stock_levels s WHERE s.tenant_id = $1 AND s.product_id = p.id) st
        """;

    /// <summary>Reads the result sets of <see cref="SnapshotCommands"/> (<paramref name="sets"/> of them), the reader positioned on the first.</summary>
    public static async Task<List<ScopeSnapshot>> ReadSnapshotAsync(NpgsqlDataReader reader, CancellationToken ct, int sets = 2)
    {
        var scopes = new List<ScopeSnapshot>();
        for (var set = 0; set < sets; set++)
        {
            if (set == 1)
            {
                await reader.NextResultAsync(ct);
            }
            var (product, warehouse, archived, threshold, available, stocked, alert, level, reachedOut) = (
                reader.GetOrdinal("product_id"), reader.GetOrdinal("warehouse_id"), reader.GetOrdinal("is_archived"),
                reader.GetOrdinal("threshold"), reader.GetOrdinal("available"), reader.GetOrdinal("stocked"),
                reader.GetOrdinal("alert_id"), reader.GetOrdinal("alert_level"), reader.GetOrdinal("reached_out"));
            while (await reader.ReadAsync(ct))
            {
                scopes.Add(new ScopeSnapshot(
                    reader.GetGuid(product),
                    reader.IsDBNull(warehouse) ? null : reader.GetGuid(warehouse),
                    new ScopeState(
                        reader.GetBoolean(archived),
                        reader.IsDBNull(threshold) ? null : reader.GetInt32(threshold),
                        reader.GetInt32(available),
                        reader.IsDBNull(level) ? null : Enum.Parse<AlertLevel>(reader.GetString(level)),
                        reader.GetBoolean(stocked),
                        !reader.IsDBNull(reachedOut) && reader.GetBoolean(reachedOut)),
                    reader.IsDBNull(alert) ? null : reader.GetGuid(alert)));
            }
        }
        return scopes;
    }

    /// <summary>Decides each scope's transition (<see cref="AlertRules.Decide"/>) and the statements that record them.</summary>
    public static AlertTransitions Decide(Guid tenantId, IReadOnlyList<ScopeSnapshot> scopes, DateTimeOffset now)
    {
        var opened = new List<(Guid Id, ScopeSnapshot Scope)>();
        var escalated = new List<ScopeSnapshot>();
        var resolved = new List<ScopeSnapshot>();
        var releveled = new List<ScopeSnapshot>();
        foreach (var scope in scopes)
        {
            switch (AlertRules.Decide(scope.State))
            {
                case AlertChange.Open:
                    opened.Add((Guid.CreateVersion7(now), scope));
                    break;
                case AlertChange.Escalate:
                    escalated.Add(scope);
                    break;
                case AlertChange.Resolve:
                    resolved.Add(scope);
                    break;
                case AlertChange.Relevel:
                    releveled.Add(scope);
                    break;
            }
        }
        if (opened.Count + escalated.Count + resolved.Count + releveled.Count == 0)
        {
            return AlertTransitions.None;
        }

        var commands = new List<NpgsqlBatchCommand>();
        if (releveled.Count > 0)
        {
            // The open alert shows the scope's level now; nobody is notified (the crossing was announced already).
            commands.Add(Sql.Command(
                """
                UPDATE stock_alerts a SET level = x.level
                FROM unnest($2::uuid[], $3::text[]) AS x(id, level)
                WHERE a.tenant_id = $1 AND a.id = x.id
                """,
                tenantId,
                releveled.Select(r => r.OpenAlertId!.Value).ToArray(),
                releveled.Select(r => AlertRules.LevelFor(r.State.Available).ToString()).ToArray()));
        }
        if (opened.Count > 0)
        {
            commands.Add(Sql.Command(
                """
                INSERT INTO stock_alerts (tenant_id, id, product_id, warehouse_id, level, threshold, available_at_open, opened_at)
                SELECT $1, x.id, x.product_id, x.warehouse_id, x.level, x.threshold, x.available, $7
                FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::int[], $8::int[])
                     AS x(id, product_id, warehouse_id, level, threshold, available)
                """,
                tenantId,
                opened.Select(o => o.Id).ToArray(),
                opened.Select(o => o.Scope.ProductId).ToArray(),
                opened.Select(o => o.Scope.WarehouseId).ToArray(),
                opened.Select(o => AlertRules.LevelFor(o.Scope.State.Available).ToString()).ToArray(),
                opened.Select(o => o.Scope.State.Threshold!.Value).ToArray(),
                now,
                opened.Select(o => o.Scope.State.Available).ToArray()));
        }
        if (escalated.Count > 0)
        {
            // Running out is news even after an acknowledgement or a snooze: the alert counts again.
            commands.Add(Sql.Command(
                """
                UPDATE stock_alerts a SET level = 'Out', escalated_at = $3, available_at_escalation = x.available,
                    acknowledged_at = NULL, acknowledged_by = NULL, snoozed_until = NULL, snoozed_by = NULL
                FROM unnest($2::uuid[], $4::int[]) AS x(id, available)
                WHERE a.tenant_id = $1 AND a.id = x.id
                """,
                tenantId, escalated.Select(e => e.OpenAlertId!.Value).ToArray(), now, escalated.Select(e => e.State.Available).ToArray()));
        }
        if (resolved.Count > 0)
        {
            commands.Add(Sql.Command(
                """
                UPDATE stock_alerts a SET resolved_at = $4, available_at_resolution = x.available
                FROM unnest($2::uuid[], $3::int[]) AS x(id, available)
                WHERE a.tenant_id = $1 AND a.id = x.id
                """,
                tenantId, resolved.Select(r => r.OpenAlertId!.Value).ToArray(), resolved.Select(r => r.State.Available).ToArray(), now));
        }

        var events = opened.Select(o => (o.Id, Kind: AlertEventKind.Opened, o.Scope))
            .Concat(escalated.Select(e => (Id: e.OpenAlertId!.Value, Kind: AlertEventKind.Escalated, Scope: e)))
            .Concat(resolved.Select(r => (Id: r.OpenAlertId!.Value, Kind: AlertEventKind.Resolved, Scope: r)))
            .ToList();
        if (events.Count > 0)
        {
            commands.Add(Sql.Command(
                """
                INSERT INTO alert_events (tenant_id, alert_id, kind, at, available, threshold)
                SELECT $1, x.alert_id, x.kind, $5, x.available, x.threshold
                FROM unnest($2::uuid[], $3::text[], $4::int[], $6::int[]) AS x(alert_id, kind, available, threshold)
                """,
                tenantId,
                events.Select(e => e.Id).ToArray(),
                events.Select(e => e.Kind.ToString()).ToArray(),
                events.Select(e => e.Scope.State.Available).ToArray(),
                now,
                events.Select(e => (int?)e.Scope.State.Threshold).ToArray()));
        }

        var crossings = opened.Select(o => new AlertCrossing(o.Id, o.Scope.ProductId, o.Scope.WarehouseId))
            .Concat(escalated.Select(e => new AlertCrossing(e.OpenAlertId!.Value, e.ProductId, e.WarehouseId)))
            .ToList();
        return new AlertTransitions(commands, crossings, new AlertOutcome(opened.Count, escalated.Count, resolved.Count),
            [.. events.Select(e => new AlertChangeEvent(e.Id, e.Kind, e.Scope.ProductId, e.Scope.WarehouseId, e.Scope.State.Available, e.Scope.State.Threshold))]);
    }
}
