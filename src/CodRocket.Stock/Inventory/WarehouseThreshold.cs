using CodRocket.Stock.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace CodRocket.Stock.Inventory;

/// <summary>
/// Setting a product's Low Stock Alert in one warehouse: the threshold lives on the (product, warehouse) stock row, so a
/// warehouse without a row gets one (0 units) when a threshold is set; clearing where there is no row changes nothing.
/// <see cref="Set"/> is the rule for one row (the product page, the API); <see cref="Statements"/> is the same rule,
/// set-based, for bulk actions and imports.
/// </summary>
public static class WarehouseThreshold
{
    /// <summary>
    /// Sets <paramref name="threshold"/> (null clears it) on <paramref name="existing"/>, the product's row in the
    /// warehouse, or on a new row. Returns the row to add when one was created, else null.
    /// </summary>
    public static StockLevel? Set(StockLevel? existing, Guid productId, Guid warehouseId, int? threshold, DateTimeOffset now)
    {
        if (existing is not null)
        {
            if (existing.LowStockThreshold != threshold)
            {
                existing.SetLowStockThreshold(threshold, now);
            }
            return null;
        }
        if (threshold is null)
        {
            return null;
        }
        var created = new StockLevel(productId, warehouseId);
        created.SetLowStockThreshold(threshold, now);
        return created;
    }

    // Stryker disable all : database work, proven by the integration tests (product page, API).

    /// <summary><see cref="Set"/> on the current store's row, loaded (and added when created) through the context; saved by the caller.</summary>
    public static async Task SetAsync(StockDbContext db, Guid productId, Guid warehouseId, int? threshold, DateTimeOffset now, CancellationToken ct)
    {
        var existing = await db.StockLevels.SingleOrDefaultAsync(s => s.ProductId == productId && s.WarehouseId == warehouseId, ct);
        if (Set(existing, productId, warehouseId, threshold, now) is { } created)
        {
            db.StockLevels.Add(created);
        }
    }

    /// <summary>
    /// <see cref="Set"/> for many (product, warehouse, threshold) triples, aligned by index: an upsert for the thresholds
    /// set, an update for those cleared, each only when there is one. Only values that differ are written (the affected
    /// row count is what changed); a product or warehouse of another store matches nothing. Raw SQL: each names tenant_id.
    /// </summary>
    internal static IEnumerable<NpgsqlBatchCommand> Statements(
        Guid tenantId, Guid[] productIds, Guid[] warehouseIds, int?[] thresholds, DateTimeOffset now)
    {
        if (productIds.Length != warehouseIds.Length || productIds.Length != thresholds.Length)
        {
            throw new ArgumentException("Products, warehouses and thresholds go in aligned arrays.", nameof(thresholds));
        }
        if (thresholds.Any(t => t is not null))
        {
            yield return Sql.Command(
                """
                INSERT INTO stock_levels (tenant_id, product_id, warehouse_id, on_hand, reserved, low_stock_threshold, updated_at)
                SELECT $1, x.p, x.w, 0, 0, x.t, $5
                FROM unnest($2::uuid[], $3::uuid[], $4::int[]) AS x(p, w, t)
                WHERE x.t IS NOT NULL
                  AND EXISTS (SELECT 1 FROM products p WHERE p.tenant_id = $1 AND p.id = x.p)
                  AND EXISTS (SELECT 1 FROM warehouses w WHERE w.tenant_id = $1 AND w.id = x.w)
                ON CONFLICT (tenant_id, product_id, warehouse_id) DO UPDATE
                    SET low_stock_threshold = EXCLUDED.low_stock_threshold, updated_at = EXCLUDED.updated_at
                    WHERE stock_levels.low_stock_threshold IS DISTINCT FROM EXCLUDED.low_stock_threshold
                """,
                tenantId, productIds, warehouseIds, Thresholds(thresholds), now);
        }
        if (thresholds.Any(t => t is null))
        {
            yield return Sql.Command(
                """
                UPDATE stock_levels s SET low_stock_threshold = NULL, updated_at = $5
                FROM unnest($2::uuid[], $3::uuid[], $4::int[]) AS x(p, w, t)
                WHERE s.tenant_id = $1 AND s.product_id = x.p AND s.warehouse_id = x.w
                  AND x.t IS NULL AND s.low_stock_threshold IS NOT NULL
                """,
                tenantId, productIds, warehouseIds, Thresholds(thresholds), now);
        }
    }

    private static NpgsqlParameter Thresholds(int?[] thresholds) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, Value = thresholds };
}
