using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodRocket.Stock.Forecasting;

public enum ReportView
{
    /// <summary>One row per product: all warehouses together, against the product's Low Stock Alert.</summary>
    Product,
    /// <summary>One row per product and warehouse, against the warehouse threshold.</summary>
    Warehouse,
}

public enum ReportSort
{
    DaysLeft,
    Sku,
    Name,
    Warehouse,
    Available,
    Threshold,
    Suggested,
    Velocity,
    StockOut,
    Ratio,
    Status,
}

/// <param name="SearchPattern">An ILIKE pattern on SKU or name, already escaped.</param>
/// <param name="Limit">Rows per page; null for every row (the CSV export).</param>
public sealed record StockReportQuery(
    ReportView View = ReportView.Product,
    Guid? WarehouseId = null,
    StockStatus? Status = null,
    string? SearchPattern = null,
    ReportSort Sort = ReportSort.DaysLeft,
    bool Descending = false,
    int Offset = 0,
    int? Limit = 25);

public sealed record StockReportRow(
    Guid ProductId, string Sku, string Name, Guid? WarehouseId, string? WarehouseCode, ForecastInputs Inputs, Forecast Forecast, bool Stocked = true)
{
    public StockStatus Status => StockStatusRule.Of(Inputs.Available, Inputs.Threshold, Stocked);
}

public sealed record StockReportPage(IReadOnlyList<StockReportRow> Rows, int Total, ForecastCalendar Calendar);

/// <summary>
/// The stock report: every active product (or product × warehouse) with its forecast, sorted, filtered and paged in
/// one SQL statement over the daily sales rollup. Sorting happens in the database, so the sort keys are computed
/// there too, with the same integer arithmetic as <see cref="Forecast"/>; the figures shown are then computed by
/// <see cref="Forecast.Of"/> from the same inputs, so page, product page and export always agree.
/// </summary>
public sealed class StockReport(StockDbContext db, ITenantContext tenant, StockForecasts forecasts)
{
    /// <summary>Memory for the report's sorts, for its statement only (PostgreSQL's default is 4 MB).</summary>
    private const string ReportWorkMem = "32MB";

    public async Task<StockReportPage> RunAsync(StockReportQuery query, CancellationToken ct)
    {
        var calendar = await forecasts.CalendarAsync(ct);
        var (rows, total) = await ReadAsync(query, calendar, ct);
        if (rows.Count == 0 && query.Offset > 0)
        {
            // Past the last page: no row carries the total, so count (the caller clamps and asks again).
            (_, total) = await ReadAsync(query with { Offset = 0, Limit = 1 }, calendar, ct);
        }
        return new StockReportPage(rows, total, calendar);
    }

    private async Task<(List<StockReportRow> Rows, int Total)> ReadAsync(StockReportQuery query, ForecastCalendar calendar, CancellationToken ct)
    {
        var tenantId = tenant.RequireTenant();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // The per-warehouse view sorts up to (products x warehouses) rows twice (the safety-stock shares, then the page's
            // order): with the default 4 MB of work_mem both spilled to disk at 50,000 rows (external merge, 2.5 and 6 MB).
            // The setting is local to the batch's implicit transaction, so the pooled connection keeps its default.
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT set_config('work_mem', '{ReportWorkMem}', true)"));
            var command = new NpgsqlBatchCommand(Statement(query));
            batch.BatchCommands.Add(command);
            object[] values =
            [
                tenantId, calendar.Window.First, calendar.Today, calendar.Window.Days, calendar.StoreFactor,
                query.Limit ?? (object)DBNull.Value, query.Offset, (object?)query.WarehouseId ?? DBNull.Value,
                (object?)query.SearchPattern ?? DBNull.Value, query.Status is { } status ? (int)status : DBNull.Value,
            ];
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }
            command.Parameters[7].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid;
            command.Parameters[8].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text;
            command.Parameters[9].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer;
            command.Parameters[5].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer;

            var rows = new List<StockReportRow>();
            var total = 0;
            await using var reader = await batch.ExecuteReaderAsync(ct);
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var inputs = new ForecastInputs(
                    OnHand: reader.GetInt32(9), Available: reader.GetInt32(10), Sold: reader.GetInt32(11), WindowDays: calendar.Window.Days,
                    Threshold: reader.IsDBNull(5) ? null : reader.GetInt32(5),
                    LeadTimeDays: reader.IsDBNull(6) ? null : reader.GetInt32(6),
                    SafetyStock: reader.IsDBNull(7) ? null : reader.GetInt32(7),
                    ProductFactor: reader.GetDecimal(8), StoreFactor: calendar.StoreFactor);
                rows.Add(new StockReportRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetGuid(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    inputs, Forecast.Of(inputs, calendar.Today), reader.GetBoolean(13)));
                total = (int)reader.GetInt64(12);
            }
            return (rows, total);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <remarks>
    /// Parameters: $1 tenant, $2-$3 the window's first and last day, $4 its length, $5 the store's season factor,
    /// $6-$7 limit and offset, $8 warehouse, $9 search pattern, $10 status. Raw SQL skips the EF tenant
    /// filter: every table is read with tenant_id = $1. Per warehouse, a row's safety stock is its share of the product's,
    /// as <see cref="Forecast.ShareSafetyStock"/> computes it (by sales, largest remainder, ties to the larger seller, then
    /// to the warehouse code in ordinal order), so the report and the product page suggest the same per warehouse.
    /// </remarks>
    private static string Statement(StockReportQuery query)
    {
        var search = query.SearchPattern is null ? "" : @"AND (p.sku COLLATE ""default"" ILIKE $9 ESCAPE '\' OR p.name ILIKE $9 ESCAPE '\')";
        var byWarehouse = query.View == ReportView.Warehouse || query.WarehouseId is not null;
        var warehouseFilter = query.WarehouseId is null ? "" : "AND s.warehouse_id = $8";
        var scope = byWarehouse
            ? $"""
              sales AS (
                  SELECT product_id, warehouse_id, SUM(units)::int AS sold FROM daily_sales
                  WHERE tenant_id = $1 AND day BETWEEN $2 AND $3 GROUP BY product_id, warehouse_id),
              weighted AS (
                  SELECT s.product_id, s.warehouse_id, w.code, p.safety_stock, GREATEST(COALESCE(sa.sold, 0), 0)::bigint AS sold
                  FROM stock_levels s
                  JOIN products p ON p.tenant_id = $1 AND p.id = s.product_id
                  JOIN warehouses w ON w.tenant_id = $1 AND w.id = s.warehouse_id
                  LEFT JOIN sales sa ON sa.product_id = s.product_id AND sa.warehouse_id = s.warehouse_id
                  WHERE s.tenant_id = $1 AND NOT p.is_archived AND p.safety_stock IS NOT NULL {search}),
              weights AS (
                  SELECT product_id, warehouse_id, code, safety_stock,
                         CASE WHEN SUM(sold) OVER product > 0 THEN sold ELSE 1 END AS weight,
                         (CASE WHEN SUM(sold) OVER product > 0 THEN SUM(sold) OVER product ELSE COUNT(*) OVER product END)::bigint AS total
                  FROM weighted WINDOW product AS (PARTITION BY product_id)),
              parts AS (
                  SELECT product_id, warehouse_id, code, safety_stock, weight,
                         safety_stock * weight / total AS floor_share, safety_stock * weight % total AS remainder
                  FROM weights),
              shares AS (
                  SELECT product_id, warehouse_id,
                         (floor_share + CASE WHEN ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY remainder DESC, weight DESC, code COLLATE "C")
                              <= safety_stock - SUM(floor_share) OVER (PARTITION BY product_id) THEN 1 ELSE 0 END)::int AS safety_share
                  FROM parts),
              base AS (
                  SELECT p.id AS product_id, p.sku, p.name, s.warehouse_id, w.code AS warehouse_code,
                         s.low_stock_threshold AS threshold, p.lead_time_days, sh.safety_share AS safety_stock, p.seasonal_factor,
                         s.on_hand, s.available, COALESCE(sa.sold, 0) AS sold, s.stocked
                  FROM stock_levels s
                  JOIN products p ON p.tenant_id = $1 AND p.id = s.product_id
                  JOIN warehouses w ON w.tenant_id = $1 AND w.id = s.warehouse_id
                  LEFT JOIN sales sa ON sa.product_id = s.product_id AND sa.warehouse_id = s.warehouse_id
                  LEFT JOIN shares sh ON sh.product_id = s.product_id AND sh.warehouse_id = s.warehouse_id
                  WHERE s.tenant_id = $1 AND NOT p.is_archived {warehouseFilter} {search})
              """
            : $"""
              sales AS (
                  SELECT product_id, SUM(units)::int AS sold FROM daily_sales
                  WHERE tenant_id = $1 AND day BETWEEN $2 AND $3 GROUP BY product_id),
              stock AS (
                  SELECT product_id, SUM(on_hand)::int AS on_hand, SUM(available)::int AS available, bool_or(stocked) AS stocked
                  FROM stock_levels WHERE tenant_id = $1 GROUP BY product_id),
              base AS (
                  SELECT p.id AS product_id, p.sku, p.name, NULL::uuid AS warehouse_id, NULL::text AS warehouse_code,
                         COALESCE(p.low_stock_threshold, t.default_low_stock_threshold) AS threshold,
                         p.lead_time_days, p.safety_stock, p.seasonal_factor,
                         COALESCE(st.on_hand, 0) AS on_hand, COALESCE(st.available, 0) AS available, COALESCE(sa.sold, 0) AS sold,
                         COALESCE(st.stocked, false) AS stocked
                  FROM products p
                  JOIN tenants t ON t.id = $1
                  LEFT JOIN stock st ON st.product_id = p.id
                  LEFT JOIN sales sa ON sa.product_id = p.id
                  WHERE p.tenant_id = $1 AND NOT p.is_archived {search})
              """;
        var status = query.Status is null ? "" : "WHERE status = $10";
        var direction = query.Descending ? "DESC" : "ASC";
        var key = query.Sort switch
        {
            ReportSort.Sku => "sku",
            ReportSort.Name => "name",
            ReportSort.Warehouse => "warehouse_code",
            ReportSort.Available => "available",
            ReportSort.Threshold => "threshold",
            ReportSort.Suggested => "suggested",
            ReportSort.Velocity => "sold",
            ReportSort.Ratio => "ratio",
            ReportSort.Status => "status",
            _ => "days_left", // DaysLeft and StockOut: the date is today + the whole days left
        };
        return $"""
            WITH {scope},
            computed AS (
                SELECT b.*,
                    {StockStatusRule.Sql("available", "threshold", "stocked")} AS status,
                    CASE WHEN available <= 0 THEN 0 WHEN sold > 0 THEN available::numeric * $4 / sold END AS days_left,
                    CASE WHEN sold > 0 THEN on_hand::numeric / sold END AS ratio,
                    {Forecast.SuggestionSql("sold", "$4", "lead_time_days", "safety_stock", "seasonal_factor", "$5")} AS suggested
                FROM base b)
            SELECT product_id, sku, name, warehouse_id, warehouse_code, threshold, lead_time_days, safety_stock, seasonal_factor,
                   on_hand, available, sold, count(*) OVER (), stocked
            FROM computed
            {status}
            ORDER BY {key} {direction} NULLS LAST, sku, warehouse_code
            LIMIT $6 OFFSET $7
            """;
    }
}
