using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using Npgsql;
using NpgsqlTypes;

namespace CodRocket.Stock.Catalog.Csv;

/// <summary>
/// The set-based writes of an import: the whole file travels as a few array parameters (unnest), whatever its
/// number of rows. Only the columns the file has are written; only values that differ are updated, so importing the
/// same file twice changes nothing the second time. Raw SQL: every statement names tenant_id.
/// </summary>
internal static class ImportStatements
{
    /// <summary>The products the file creates, in one statement (their settings follow with the other rows').</summary>
    public static NpgsqlBatchCommand CreateProducts(Guid tenantId, IReadOnlyList<NewProduct> products, DateTimeOffset now) => Sql.Command(
        """
        INSERT INTO products (tenant_id, id, sku, name, is_archived, sms_alerts, seasonal_factor, created_at, updated_at)
        SELECT $1, x.id, x.sku, x.name, false, false, 1, $5, $5
        FROM unnest($2::uuid[], $3::text[], $4::text[]) AS x(id, sku, name)
        """,
        tenantId, products.Select(p => p.Id).ToArray(), products.Select(p => p.Sku).ToArray(), products.Select(p => p.Name).ToArray(), now);

    public static List<NpgsqlBatchCommand> Settings(Guid tenantId, ImportFile file, Resolved resolved, DateTimeOffset now)
    {
        var commands = new List<NpgsqlBatchCommand>();
        var columns = file.Columns;
        var rows = file.Rows;
        if (columns.AnyProductSetting)
        {
            commands.Add(ProductSettings(tenantId, columns, rows, resolved, now));
        }
        if (columns.ThresholdWarehouses.Count > 0)
        {
            var products = new List<Guid>();
            var warehouses = new List<Guid>();
            var thresholds = new List<int?>();
            foreach (var row in rows)
            {
                for (var i = 0; i < columns.ThresholdWarehouses.Count; i++)
                {
                    products.Add(resolved.ProductIds[row.Sku]);
                    warehouses.Add(resolved.WarehouseIds[columns.ThresholdWarehouses[i]]);
                    thresholds.Add(row.WarehouseThresholds[i]);
                }
            }
            // A threshold on a warehouse with no stock row yet creates the row (0 units), as the product page does.
            commands.AddRange(WarehouseThreshold.Statements(tenantId, [.. products], [.. warehouses], [.. thresholds], now));
        }
        return commands;
    }

    /// <summary>One UPDATE of the columns present, from arrays aligned with the rows.</summary>
    private static NpgsqlBatchCommand ProductSettings(Guid tenantId, ImportColumns columns, List<ImportRow> rows, Resolved resolved, DateTimeOffset now)
    {
        (bool Present, string Column, string Type)[] fields =
        [
            (columns.LowStockAlert, "low_stock_threshold", "int"),
            (columns.SmsAlerts, "sms_alerts", "boolean"),
            (columns.OutOfStockPolicy, "out_of_stock_policy", "text"),
            (columns.LeadTimeDays, "lead_time_days", "int"),
            (columns.SafetyStock, "safety_stock", "int"),
            (columns.SeasonalFactor, "seasonal_factor", "numeric"),
            (columns.Price, "price", "numeric"),
        ];
        var present = fields.Where(f => f.Present).ToList();
        var sets = string.Join(", ", present.Select(f => $"{f.Column} = x.{f.Column}"));
        var differs = string.Join(" OR ", present.Select(f => $"p.{f.Column} IS DISTINCT FROM x.{f.Column}"));
        var arrays = string.Join(", ", present.Select((f, i) => $"${i + 4}::{f.Type}[]"));
        var names = string.Join(", ", present.Select(f => f.Column));
        var command = Sql.Command(
            $"""
            UPDATE products p SET {sets}, updated_at = $3
            FROM unnest($2::uuid[], {arrays}) AS x(id, {names})
            WHERE p.tenant_id = $1 AND p.id = x.id AND ({differs})
            """,
            tenantId, rows.Select(r => resolved.ProductIds[r.Sku]).ToArray(), now);
        foreach (var (_, column, _) in present)
        {
            command.Parameters.Add(column switch
            {
                "low_stock_threshold" => Array(rows.Select(r => r.LowStockThreshold), NpgsqlDbType.Integer),
                "sms_alerts" => Array(rows.Select(r => r.SmsAlerts), NpgsqlDbType.Boolean),
                "out_of_stock_policy" => Array(rows.Select(r => r.OutOfStockPolicy?.ToString()), NpgsqlDbType.Text),
                "lead_time_days" => Array(rows.Select(r => r.LeadTimeDays), NpgsqlDbType.Integer),
                "safety_stock" => Array(rows.Select(r => r.SafetyStock), NpgsqlDbType.Integer),
                "seasonal_factor" => Array(rows.Select(r => r.SeasonalFactor), NpgsqlDbType.Numeric),
                _ => Array(rows.Select(r => r.Price), NpgsqlDbType.Numeric),
            });
        }
        return command;
    }

    private static NpgsqlParameter Array<T>(IEnumerable<T> values, NpgsqlDbType type) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | type, Value = values.ToArray() };

    /// <summary>The file's stock counts that differ from on hand now (under the products' locks); a missing row is 0.</summary>
    public static async Task<List<CountChange>> ChangedCountsAsync(
        StockWork work, Guid tenantId, ImportFile file, Resolved resolved, CancellationToken ct)
    {
        var columns = file.Columns;
        var products = new List<Guid>();
        var warehouses = new List<Guid>();
        var counts = new List<int>();
        foreach (var row in file.Rows)
        {
            for (var i = 0; i < columns.StockWarehouses.Count; i++)
            {
                if (row.StockCounts[i] is { } count)
                {
                    products.Add(resolved.ProductIds[row.Sku]);
                    warehouses.Add(resolved.WarehouseIds[columns.StockWarehouses[i]]);
                    counts.Add(count);
                }
            }
        }
        var changed = new List<CountChange>();
        if (counts.Count == 0)
        {
            return changed;
        }
        return await work.ReadAsync(Sql.Command(
            """
            SELECT x.p AS product_id, x.w AS warehouse_id, x.c AS counted
            FROM unnest($2::uuid[], $3::uuid[], $4::int[]) AS x(p, w, c)
            LEFT JOIN stock_levels s ON s.tenant_id = $1 AND s.product_id = x.p AND s.warehouse_id = x.w
            WHERE COALESCE(s.on_hand, 0) <> x.c
            """,
            tenantId, products.ToArray(), warehouses.ToArray(), counts.ToArray()), async reader =>
            {
                var (product, warehouse, counted) = (reader.GetOrdinal("product_id"), reader.GetOrdinal("warehouse_id"), reader.GetOrdinal("counted"));
                while (await reader.ReadAsync(ct))
                {
                    changed.Add(new CountChange(reader.GetGuid(product), reader.GetGuid(warehouse), reader.GetInt32(counted)));
                }
                return changed;
            }, ct);
    }

    public sealed record CountChange(Guid ProductId, Guid WarehouseId, int Counted);
}
