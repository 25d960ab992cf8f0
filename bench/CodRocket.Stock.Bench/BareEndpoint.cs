using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace CodRocket.Stock.Bench;

/// <summary>
/// The HTTP benchmark's bare baseline: <c>POST /bench/bare-movement</c> with the same JSON body as
/// <c>POST /api/v1/stock/movements</c>, answered by the raw SQL transaction alone (find the product and warehouse,
/// guarded stock UPDATE, ledger INSERT: one statement, one round trip) behind the same Kestrel, ahead of every
/// middleware (no authentication, tenancy, rate limit, unit of work, alerts). What HTTP costs, apart from what our
/// code costs. Registered only by <see cref="BenchApp"/> when asked (a startup filter of the bench's own host): it
/// does not exist in the app.
/// </summary>
internal sealed class BareEndpoint : IStartupFilter, IAsyncDisposable
{
    public const string Path = "/bench/bare-movement";

    private NpgsqlDataSource? _source;
    private Guid _tenantId;

    /// <summary>The database and store it works on, known once the app has started and the store exists.</summary>
    public void Target(string connectionString, Guid tenantId)
    {
        _source = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 16, NoResetOnClose = true }.ConnectionString);
        _tenantId = tenantId;
    }

    public async ValueTask DisposeAsync()
    {
        if (_source is not null)
        {
            await _source.DisposeAsync();
        }
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Map(Path, branch => branch.Run(HandleAsync));
        next(app);
    };

    private async Task HandleAsync(HttpContext context)
    {
        using var json = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var body = json.RootElement;
        var sku = body.GetProperty("sku").GetString();
        var warehouse = body.GetProperty("warehouse").GetString();
        var quantity = body.GetProperty("quantity").GetInt32();
        await using var command = _source!.CreateCommand(
            """
            WITH t AS (
                SELECT p.id AS product_id, w.id AS warehouse_id FROM products p, warehouses w
                WHERE p.tenant_id = $1 AND p.sku = $2 AND w.tenant_id = $1 AND w.code = $3),
            u AS (
                UPDATE stock_levels s SET on_hand = s.on_hand + $4, updated_at = now() FROM t
                WHERE s.tenant_id = $1 AND s.product_id = t.product_id AND s.warehouse_id = t.warehouse_id AND s.on_hand + $4 >= 0
                RETURNING s.product_id, s.warehouse_id, s.on_hand, s.reserved)
            INSERT INTO stock_movements (tenant_id, product_id, warehouse_id, type, on_hand_delta, reserved_delta, on_hand_after, reserved_after, created_at)
            SELECT $1, product_id, warehouse_id, 'Receipt', $4, 0, on_hand, reserved, now() FROM u
            RETURNING on_hand_after
            """);
        command.Parameters.Add(new() { Value = _tenantId });
        command.Parameters.Add(new() { Value = sku });
        command.Parameters.Add(new() { Value = warehouse });
        command.Parameters.Add(new() { Value = quantity });
        var onHand = await command.ExecuteScalarAsync(context.RequestAborted);
        context.Response.StatusCode = onHand is int ? StatusCodes.Status201Created : StatusCodes.Status404NotFound;
        await context.Response.WriteAsJsonAsync(new { sku, warehouse, onHand }, context.RequestAborted);
    }
}
