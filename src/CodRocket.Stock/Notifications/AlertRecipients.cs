using CodRocket.Stock.Alerts;
using CodRocket.Stock.Data;
using Npgsql;

namespace CodRocket.Stock.Notifications;

/// <summary>
/// Who hears of an alert crossing, as outbox rows written in the transaction of the change that crossed: e-mail to
/// members who want it (the owner does from the start, and may turn it off like anyone, or unsubscribe), once the address is confirmed (a link for a new owner, the
/// accepted invitation for a member: nobody can have alerts sent to someone else's address); SMS and WhatsApp, for
/// products marked critical, to members with a phone who opted in to that channel. A per-warehouse alert reaches members who follow that
/// warehouse, or who follow none (all of them). One statement whatever the number of crossings.
/// </summary>
internal static class AlertRecipients
{
    public static NpgsqlBatchCommand OutboxCommand(Guid tenantId, IReadOnlyList<AlertCrossing> crossings, DateTimeOffset now) => Sql.Command(
        """
        WITH x AS (SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::uuid[]) AS t(alert_id, product_id, warehouse_id)),
        followers AS (
            SELECT x.alert_id, x.product_id, u.id AS user_id, u.role, u.email, u.email_confirmed, u.phone_number, u.email_stock_alerts, u.sms_stock_alerts, u.whats_app_stock_alerts
            FROM x
            JOIN users u ON u.tenant_id = $1 AND u.removed_at IS NULL
            WHERE x.warehouse_id IS NULL
               OR NOT EXISTS (SELECT 1 FROM user_warehouses w WHERE w.tenant_id = $1 AND w.user_id = u.id)
               OR EXISTS (SELECT 1 FROM user_warehouses w WHERE w.tenant_id = $1 AND w.user_id = u.id AND w.warehouse_id = x.warehouse_id))
        INSERT INTO notifications (tenant_id, id, kind, channel, alert_id, user_id, recipient, status, attempts, created_at)
        SELECT $1, gen_random_uuid(), 'Alert', 'Email', f.alert_id, f.user_id, f.email, 'Pending', 0, $5
        FROM followers f
        WHERE f.email IS NOT NULL AND f.email_confirmed AND f.email_stock_alerts
        UNION ALL
        SELECT $1, gen_random_uuid(), 'Alert', 'Sms', f.alert_id, f.user_id, f.phone_number, 'Pending', 0, $5
        FROM followers f
        JOIN products p ON p.tenant_id = $1 AND p.id = f.product_id AND p.sms_alerts
        WHERE f.phone_number IS NOT NULL AND f.sms_stock_alerts
        UNION ALL
        SELECT $1, gen_random_uuid(), 'Alert', 'WhatsApp', f.alert_id, f.user_id, f.phone_number, 'Pending', 0, $5
        FROM followers f
        JOIN products p ON p.tenant_id = $1 AND p.id = f.product_id AND p.sms_alerts
        WHERE f.phone_number IS NOT NULL AND f.whats_app_stock_alerts
        """,
        tenantId,
        crossings.Select(a => a.AlertId).ToArray(),
        crossings.Select(a => a.ProductId).ToArray(),
        crossings.Select(a => a.WarehouseId).ToArray(),
        now);
}
