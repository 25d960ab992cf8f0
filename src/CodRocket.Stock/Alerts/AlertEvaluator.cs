using CodRocket.Stock.Data;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodRocket.Stock.Alerts;

/// <summary>A scope as read from the database, with its open alert if any.</summary>
internal sealed record ScopeSnapshot(Guid ProductId, Guid? WarehouseId, ScopeState State, Guid? OpenAlertId);

/// <summary>What one evaluation changed, and how many notifications it queued for delivery.</summary>
public sealed record AlertOutcome(int Opened, int Escalated, int Resolved, int Notifications = 0)
{
    public static readonly AlertOutcome Nothing = new(0, 0, 0);
}

/// <summary>
/// Brings every scope of a set of products in line with its stock: opens, escalates and resolves alerts
/// (<see cref="AlertRules"/>) set-based — one read and at most one batch of writes whatever the number of
/// products. Callers hold the products' locks, so a scope is never evaluated by two transactions at once.
/// </summary>
public sealed class AlertEvaluator(StockDbContext db, ITenantContext tenant, TimeProvider clock, PendingNotifications notifications)
{
    /// <summary>
    /// For changes to thresholds and settings: locks the products, runs <paramref name="change"/> (which saves
    /// its own EF changes and answers false to give up), then evaluates the products' scopes — all in one
    /// transaction. Null when the change gave up (everything is rolled back). Inside a caller's transaction, the
    /// caller calls <see cref="PendingNotifications.Dispatch"/> once it commits.
    /// </summary>
    public async Task<AlertOutcome?> ChangeAndEvaluateAsync(
        IReadOnlyCollection<Guid> productIds, Func<CancellationToken, Task<bool>> change, CancellationToken ct)
    {
        var tenantId = tenant.RequireTenant();
        var ids = productIds.Distinct().ToArray();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var ownTransaction = db.Database.CurrentTransaction is null
                ? await db.Database.BeginTransactionAsync(ct)
                : null;
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await Sql.ExecuteAsync(connection, [Sql.LockProducts(tenantId, ids)], ct);
            if (!await change(ct))
            {
                if (ownTransaction is not null)
                {
                    await ownTransaction.RollbackAsync(ct);
                }
                return null;
            }
            var outcome = await EvaluateAsync(connection, tenantId, ids, clock.GetUtcNow(), ct);
            notifications.Add(tenantId, outcome);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(ct);
                notifications.Dispatch();
            }
            return outcome;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    internal static async Task<AlertOutcome> EvaluateAsync(
        NpgsqlConnection connection, Guid tenantId, Guid[] productIds, DateTimeOffset now, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection) { Timeout = Sql.TimeoutFor(productIds.Length) };
        foreach (var command in SnapshotCommands(tenantId, productIds))
        {
            batch.BatchCommands.Add(command);
        }
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var scopes = await ReadSnapshotAsync(reader, ct);
        await reader.DisposeAsync();
        return await ApplyAsync(connection, tenantId, scopes, now, ct);
    }

    /// <summary>
    /// Reads every scope of the products: the product-wide one (total available against the product's Low Stock
    /// Alert, else the store default) and each warehouse row that has a threshold or an open alert. Two plain
    /// statements rather than one UNION: they run with every stock change, and simple statements keep their
    /// prepared plans (see <see cref="Sql.IdMatch"/>).
    /// </summary>
    internal static IEnumerable<NpgsqlBatchCommand> SnapshotCommands(Guid tenantId, Guid[] productIds)
    {
        var match = Sql.IdMatch(productIds);
        var ids = Sql.IdParameter(productIds);
        yield return Sql.Command(
            $"""
            SELECT p.id, p.is_archived, COALESCE(p.low_stock_threshold, t.default_low_stock_threshold),
                   COALESCE(st.available, 0)::int, a.id, a.level, COALESCE(st.stocked, false),
                   a.escalated_at IS NOT NULL OR a.available_at_open <= 0
            FROM products p
            JOIN tenants t ON t.id = $1
            CROSS JOIN LATERAL (SELECT SUM(s.on_hand - s.reserved) AS available, bool_or(s.stocked) AS stocked
                                FROM stock_levels s WHERE s.tenant_id = $1 AND s.product_id = p.id) st
            LEFT JOIN stock_alerts a ON a.tenant_id = $1 AND a.product_id = p.id
                                    AND a.warehouse_id IS NULL AND a.resolved_at IS NULL
            WHERE p.tenant_id = $1 AND p.id {match}
            """,
            tenantId, ids);
        yield return Sql.Command(
            $"""
            SELECT s.product_id, s.warehouse_id, p.is_archived, s.low_stock_threshold, s.on_hand - s.reserved,
                   a.id, a.level, s.stocked, a.escalated_at IS NOT NULL OR a.available_at_open <= 0
            FROM stock_levels s
            JOIN products p ON p.tenant_id = $1 AND p.id = s.product_id
            LEFT JOIN stock_alerts a ON a.tenant_id = $1 AND a.product_id = s.product_id
                                    AND a.warehouse_id = s.warehouse_id AND a.resolved_at IS NULL
            WHERE s.tenant_id = $1 AND s.product_id {match}
              AND (s.low_stock_threshold IS NOT NULL OR a.id IS NOT NULL)
            """,
            tenantId, ids);
    }

    /// <summary>Reads the two result sets of <see cref="SnapshotCommands"/>, the reader positioned on the first.</summary>
    internal static async Task<List<ScopeSnapshot>> ReadSnapshotAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var scopes = new List<ScopeSnapshot>();
        while (await reader.ReadAsync(ct))
        {
            scopes.Add(new ScopeSnapshot(
                reader.GetGuid(0),
                null,
                new ScopeState(reader.GetBoolean(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetInt32(3), Level(reader, 5),
                    reader.GetBoolean(6), !reader.IsDBNull(7) && reader.GetBoolean(7)),
                reader.IsDBNull(4) ? null : reader.GetGuid(4)));
        }
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            scopes.Add(new ScopeSnapshot(
                reader.GetGuid(0),
                reader.GetGuid(1),
                new ScopeState(reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.GetInt32(4), Level(reader, 6),
                    reader.GetBoolean(7), !reader.IsDBNull(8) && reader.GetBoolean(8)),
                reader.IsDBNull(5) ? null : reader.GetGuid(5)));
        }
        return scopes;
    }

    private static AlertLevel? Level(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Enum.Parse<AlertLevel>(reader.GetString(ordinal));

    /// <summary>Decides each scope's transition and writes them all in one batch (nothing when nothing changes).</summary>
    internal static async Task<AlertOutcome> ApplyAsync(
        NpgsqlConnection connection, Guid tenantId, IReadOnlyList<ScopeSnapshot> scopes, DateTimeOffset now, CancellationToken ct)
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
            return AlertOutcome.Nothing;
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

        var notify = opened.Select(o => (o.Id, o.Scope)).Concat(escalated.Select(e => (Id: e.OpenAlertId!.Value, Scope: e))).ToList();
        NpgsqlBatchCommand? notifications = null;
        if (notify.Count > 0)
        {
            notifications = NotificationsCommand(tenantId, notify, now);
            commands.Add(notifications);
        }

        await using var batch = new NpgsqlBatch(connection) { Timeout = Sql.TimeoutFor(scopes.Count) };
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(ct);
        return new AlertOutcome(opened.Count, escalated.Count, resolved.Count, notifications?.RecordsAffected ?? 0);
    }

    /// <summary>
    /// The outbox rows for alerts that opened or escalated, written with them: e-mail to the owner (always) and to
    /// members who opted in, once the address is confirmed (a link for a new owner, the accepted invitation for a
    /// member: nobody can have alerts sent to someone else's address); SMS, for products marked critical, to
    /// members with a phone who opted in. A
    /// per-warehouse alert reaches members who follow that warehouse, or who follow none (all of them).
    /// </summary>
    private static NpgsqlBatchCommand NotificationsCommand(Guid tenantId, List<(Guid Id, ScopeSnapshot Scope)> alerts, DateTimeOffset now) => Sql.Command(
        """
        WITH x AS (SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::uuid[]) AS t(alert_id, product_id, warehouse_id)),
        followers AS (
            SELECT x.alert_id, x.product_id, u.id AS user_id, u.role, u.email, u.email_confirmed, u.phone_number, u.email_stock_alerts, u.sms_stock_alerts
            FROM x
            JOIN users u ON u.tenant_id = $1 AND u.removed_at IS NULL
            WHERE x.warehouse_id IS NULL
               OR NOT EXISTS (SELECT 1 FROM user_warehouses w WHERE w.tenant_id = $1 AND w.user_id = u.id)
               OR EXISTS (SELECT 1 FROM user_warehouses w WHERE w.tenant_id = $1 AND w.user_id = u.id AND w.warehouse_id = x.warehouse_id))
        INSERT INTO notifications (tenant_id, id, kind, channel, alert_id, user_id, recipient, status, attempts, created_at)
        SELECT $1, gen_random_uuid(), 'Alert', 'Email', f.alert_id, f.user_id, f.email, 'Pending', 0, $5
        FROM followers f
        WHERE f.email IS NOT NULL AND f.email_confirmed AND (f.role = 'Owner' OR f.email_stock_alerts)
        UNION ALL
        SELECT $1, gen_random_uuid(), 'Alert', 'Sms', f.alert_id, f.user_id, f.phone_number, 'Pending', 0, $5
        FROM followers f
        JOIN products p ON p.tenant_id = $1 AND p.id = f.product_id AND p.sms_alerts
        WHERE f.phone_number IS NOT NULL AND f.sms_stock_alerts
        """,
        tenantId,
        alerts.Select(a => a.Id).ToArray(),
        alerts.Select(a => a.Scope.ProductId).ToArray(),
        alerts.Select(a => a.Scope.WarehouseId).ToArray(),
        now);
}
