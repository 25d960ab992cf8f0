using System.Globalization;
using System.Text.Json;
using CodRocket.Stock.Data;
using Npgsql;

namespace CodRocket.Stock.Webhooks;

/// <summary>The event types an endpoint can ask for, in the words integrators read in the payload's <c>type</c>.</summary>
public static class WebhookEventTypes
{
    public const string AlertOpened = "alert.opened";
    public const string AlertEscalated = "alert.escalated";
    public const string AlertResolved = "alert.resolved";
    public const string OrderCreated = "order.created";
    public const string OrderStatusChanged = "order.status_changed";
    public const string BackorderFilled = "backorder.filled";
    public const string StockChanged = "stock.changed";
    /// <summary>Sent only by "Send test event", whatever the endpoint asked for.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> All =
        [AlertOpened, AlertEscalated, AlertResolved, OrderCreated, OrderStatusChanged, BackorderFilled, StockChanged];

    public static bool IsKnown(string type) => All.Contains(type, StringComparer.Ordinal);

    public static string[] Normalize(IEnumerable<string> events) => [.. All.Where(events.Contains)];
}

/// <summary>
/// Something that happened in a unit of work, for the endpoints that want it. <paramref name="Data"/> is the event's
/// <c>data</c> object; the product's SKU and the warehouse's code are added from the database when the ids are given.
/// </summary>
public sealed record WebhookEvent(string Type, Guid? ProductId, Guid? WarehouseId, IReadOnlyDictionary<string, object?> Data)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The Standard Webhooks payload shape: <c>{"type", "timestamp", "data"}</c>.</summary>
    public static string Envelope(string type, DateTimeOffset at, string dataJson) =>
        $$"""{"type":{{JsonSerializer.Serialize(type)}},"timestamp":"{{at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}}","data":{{dataJson}}}""";

    internal string DataJson() => JsonSerializer.Serialize(Data, Json);
}

/// <summary>
/// The webhook events of the scope's unit of work (<see cref="Inventory.StockWork"/>), written to the outbox with one
/// statement just before it commits: a rolled-back work (or savepoint) forgets its events, a committed one delivers
/// them. Scoped, like the work.
/// </summary>
public sealed class WebhookEvents(IWebhookDispatcher dispatcher)
{
    private readonly List<WebhookEvent> _pending = [];

    public void Add(WebhookEvent e) => _pending.Add(e);

    public void AddRange(IEnumerable<WebhookEvent> events) => _pending.AddRange(events);

    /// <summary>Starts delivery of what a committed work wrote.</summary>
    internal void Dispatch(Guid tenantId) => dispatcher.Dispatch(tenantId);

    /// <summary>Where a work or savepoint began, to forget what came after it when it rolls back.</summary>
    public int Mark => _pending.Count;

    public void RollbackTo(int mark)
    {
        if (mark < _pending.Count)
        {
            _pending.RemoveRange(mark, _pending.Count - mark);
        }
    }

    /// <summary>Whether the store has an active endpoint: one boolean, for a batch that is sent anyway.</summary>
    internal static NpgsqlBatchCommand EndpointsProbe(Guid tenantId) =>
        Sql.Command("SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE tenant_id = $1 AND is_active)", tenantId);

    /// <summary>
    /// One INSERT of a delivery row per event and active endpoint that wants it (<c>stock.changed</c> only for the
    /// endpoint's products, when it chose some), or null when nothing happened. Clears the events.
    /// </summary>
    internal NpgsqlBatchCommand? TakeOutboxCommand(Guid tenantId, DateTimeOffset now)
    {
        if (_pending.Count == 0)
        {
            return null;
        }
        var events = _pending.ToList();
        _pending.Clear();
        return Sql.Command(
            """
            WITH picked AS (
                SELECT gen_random_uuid() AS id, e.id AS endpoint_id, x.type, x.n,
                       '{"type":' || to_jsonb(x.type)::text || ',"timestamp":' || to_jsonb($6::text)::text || ',"data":'
                         || (x.data::jsonb
                             || CASE WHEN p.id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('productId', p.id, 'sku', p.sku) END
                             || CASE WHEN w.id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('warehouseId', w.id, 'warehouseCode', w.code) END)::text
                         || '}' AS payload
                FROM unnest($2::text[], $3::uuid[], $4::uuid[], $5::text[]) WITH ORDINALITY AS x(type, product_id, warehouse_id, data, n)
                JOIN webhook_endpoints e ON e.tenant_id = $1 AND e.is_active AND x.type = ANY(e.events)
                     AND (x.type <> 'stock.changed' OR e.product_ids IS NULL OR x.product_id = ANY(e.product_ids))
                LEFT JOIN products p ON p.tenant_id = $1 AND p.id = x.product_id
                LEFT JOIN warehouses w ON w.tenant_id = $1 AND w.id = x.warehouse_id)
            INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, message_id, event_type, payload, status, attempts, created_at)
            SELECT $1, id, endpoint_id, 'msg_' || replace(id::text, '-', ''), type, payload, 'Pending', 0,
                   $7 + (n - 1) * interval '1 microsecond' -- the events of one work are delivered in the order they happened
            FROM picked
            """,
            tenantId,
            events.Select(e => e.Type).ToArray(),
            events.Select(e => e.ProductId).ToArray(),
            events.Select(e => e.WarehouseId).ToArray(),
            events.Select(e => e.DataJson()).ToArray(),
            now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            now);
    }
}
