using CodRocket.Stock.Data;
using Npgsql;

namespace CodRocket.Stock.Forecasting;

/// <summary>Keeps <see cref="DailySales"/> in step with orders, inside the order's transaction (after its product locks).</summary>
internal static class SalesRollup
{
    /// <summary>Adds (or, negative, takes back) units sold from one warehouse on one store day.</summary>
    public static NpgsqlBatchCommand Add(Guid tenantId, Guid warehouseId, DateOnly day, IReadOnlyList<(Guid ProductId, int Units)> lines) => Sql.Command(
        """
        INSERT INTO daily_sales (tenant_id, product_id, warehouse_id, day, units)
        SELECT $1, x.product_id, $2, $3, SUM(x.units)
        FROM unnest($4::uuid[], $5::int[]) AS x(product_id, units)
        GROUP BY x.product_id
        ON CONFLICT (tenant_id, product_id, warehouse_id, day) DO UPDATE SET units = daily_sales.units + EXCLUDED.units
        """,
        tenantId, warehouseId, day, lines.Select(l => l.ProductId).ToArray(), lines.Select(l => l.Units).ToArray());
}
