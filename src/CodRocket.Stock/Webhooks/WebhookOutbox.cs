using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodRocket.Stock.Webhooks;

/// <summary>
/// Claims a store's due deliveries with one conditional UPDATE: two jobs running at once (a duplicated Hangfire job,
/// two nodes) skip each other's rows, and a delivered row is never claimed again. Only rows of active endpoints are
/// claimed: a turned-off endpoint keeps its pending events until it is turned on again.
/// </summary>
public sealed class WebhookOutbox(StockDbContext db, ITenantContext tenant)
{
    public async Task<List<Guid>> ClaimAsync(int limit, DateTimeOffset now, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(Sql.Command(
                """
                UPDATE webhook_deliveries d SET status = 'Sending', attempts = d.attempts + 1, last_attempt_at = $2, claim_expires_at = $3
                FROM (SELECT c.id FROM webhook_deliveries c
                      JOIN webhook_endpoints e ON e.tenant_id = c.tenant_id AND e.id = c.endpoint_id AND e.is_active
                      WHERE c.tenant_id = $1 AND c.status = 'Pending' AND (c.next_attempt_at IS NULL OR c.next_attempt_at <= $2)
                      ORDER BY c.created_at, c.id
                      LIMIT $4
                      FOR UPDATE OF c SKIP LOCKED) due
                WHERE d.tenant_id = $1 AND d.id = due.id
                RETURNING d.id
                """,
                tenant.RequireTenant(), now, now + WebhookDelivery.ClaimTimeout, limit));
            var ids = new List<Guid>();
            await using var reader = await batch.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetGuid(0));
            }
            return ids;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
