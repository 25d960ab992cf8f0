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
/// The stock report: every active product (or product × warehouse) with its forecast, sorted, filtered and paged.
/// One row per product is sorted, filtered and paged in one SQL statement over the daily sales rollup, its sort keys
/// computed there with the same integer arithmetic as <see cref="Forecast"/>. One row per product and warehouse is
/// read whole (the products with their SKU's rank in its own collation, the warehouses with their code's, every stock
/// row with its sales) and shared, sorted and paged here (ADR 8): its safety-stock shares need every warehouse of a
/// product, and in SQL those window functions and a sort of every row cost more than reading the rows. Either way the
/// figures shown are computed by <see cref="Forecast.Of"/> from the same inputs, so page, product page and export agree.
/// </summary>
public sealed class StockReport(StockDbContext db, ITenantContext tenant, StockForecasts forecasts)
{
    /// <summary>Memory for the report's sorts, for its statement only (PostgreSQL's default is 4 MB).</summary>
    private const string ReportWorkMem = "32MB";

    public async Task<StockReportPage> RunAsync(StockReportQuery query, CancellationToken ct)
    {
        var calendar = await forecasts.CalendarAsync(ct);
        var (rows, total) = await ReadAsync(query, calendar, ct);
        if (rows.Count == 0 && total == 0 && query.Offset > 0)
        {
            // Past the last page: no row carried the total, so count (the caller clamps and asks again).
            (_, total) = await ReadAsync(query with { Offset = 0, Limit = 1 }, calendar, ct);
        }
        return new StockReportPage(rows, total, calendar);
    }

    private Task<(List<StockReportRow> Rows, int Total)> ReadAsync(StockReportQuery query, ForecastCalendar calendar, CancellationToken ct) =>
        query.View == ReportView.Warehouse || query.WarehouseId is not null
            ? ReadByWarehouseAsync(query, calendar, ct)
            : ReadByProductAsync(query, calendar, ct);

    private async Task<(List<StockReportRow> Rows, int Total)> ReadByProductAsync(StockReportQuery query, ForecastCalendar calendar, CancellationToken ct)
    {
        var tenantId = tenant.RequireTenant();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // Every page sorts every product before it skips to its rows: more than PostgreSQL's default 4 MB keeps the sort in memory.
            // The setting is local to the batch's implicit transaction, so the pooled connection keeps its default.
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT set_config('work_mem', '{ReportWorkMem}', true)"));
            var command = new NpgsqlBatchCommand(Statement(query));
            batch.BatchCommands.Add(command);
            object[] values =
            [
                tenantId, calendar.Window.First, calendar.Today, calendar.Window.Days, calendar.StoreFactor,
                query.Limit ?? (object)DBNull.Value, query.Offset,
                (object?)query.SearchPattern ?? DBNull.Value, query.Status is { } status ? (int)status : DBNull.Value,
            ];
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }
            command.Parameters[7].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text;
            command.Parameters[8].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer;
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

    /// <summary>
    /// The per-warehouse view: the matching products, the warehouses and every stock row of those products, read once
    /// in one batch, then shared, filtered, sorted and paged here; the SKUs and names of the page's products read last. A
    /// row's safety stock is its share of the product's as <see cref="Forecast.ShareByWarehouse"/> computes it on the
    /// product page (the same <see cref="Forecast.ShareSafetyStock(int, ReadOnlySpan{int}, Span{int})"/>, over the rows
    /// in the same ordinal warehouse-code order), so both suggest the same per warehouse. The order is the product
    /// view's: the sort key (nulls last either way), then SKU, then warehouse code, with SKU, name and code compared by
    /// their rank in the database's own collations (the SKU's is case-insensitive).
    /// </summary>
    /// <remarks>
    /// Every row lives in a list of structs that hold no references until the page is built: a store's 50,000 rows then
    /// cost the garbage collector a few large arrays it never traces, where one object per row (and two strings per
    /// product) made each collection during a page copy them all, a third of the page's time.
    /// </remarks>
    private async Task<(List<StockReportRow> Rows, int Total)> ReadByWarehouseAsync(StockReportQuery query, ForecastCalendar calendar, CancellationToken ct)
    {
        var tenantId = tenant.RequireTenant();
        var search = Search(query, "$2");
        // Names are ranked only when sorted by: ranking them is a sort of every product.
        var nameRank = query.Sort == ReportSort.Name ? "rank() OVER (ORDER BY p.name)" : "0::bigint";
        var products = new List<ReportProduct>();
        var productIndex = new Dictionary<Guid, int>();
        var warehouses = new List<ReportWarehouse>();
        var warehouseIndex = new Dictionary<Guid, int>();
        var levels = new List<ReportLevel>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using (var batch = new NpgsqlBatch(connection))
            {
                var pattern = new NpgsqlParameter { Value = (object?)query.SearchPattern ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };
                batch.BatchCommands.Add(Sql.Command(
                    $"""
                    SELECT p.id, p.lead_time_days, p.safety_stock, p.seasonal_factor, rank() OVER (ORDER BY p.sku), {nameRank}
                    FROM products p WHERE p.tenant_id = $1 AND NOT p.is_archived {search}
                    """, tenantId, pattern));
                batch.BatchCommands.Add(Sql.Command("SELECT id, code, rank() OVER (ORDER BY code) FROM warehouses WHERE tenant_id = $1", tenantId));
                // With a search, only the stock of the products found; without one, every row (a product archived or added
                // between the statements is skipped below).
                var found = query.SearchPattern is null ? "" : $"AND s.product_id IN (SELECT p.id FROM products p WHERE p.tenant_id = $1 AND NOT p.is_archived {Search(query, "$4")})";
                batch.BatchCommands.Add(Sql.Command(
                    $"""
                    WITH sales AS (
                        SELECT product_id, warehouse_id, SUM(units)::int AS sold FROM daily_sales
                        WHERE tenant_id = $1 AND day BETWEEN $2 AND $3 GROUP BY product_id, warehouse_id)
                    SELECT s.product_id, s.warehouse_id, s.low_stock_threshold, s.on_hand, s.available, COALESCE(sa.sold, 0), s.stocked
                    FROM stock_levels s
                    LEFT JOIN sales sa ON sa.product_id = s.product_id AND sa.warehouse_id = s.warehouse_id
                    WHERE s.tenant_id = $1 {found}
                    """, tenantId, calendar.Window.First, calendar.Today, pattern.Clone()));
                await using var reader = await batch.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    productIndex[reader.GetGuid(0)] = products.Count;
                    products.Add(new ReportProduct(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetInt32(1),
                        reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetDecimal(3), reader.GetInt64(4), reader.GetInt64(5)));
                }
                await reader.NextResultAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    warehouseIndex[reader.GetGuid(0)] = warehouses.Count;
                    warehouses.Add(new ReportWarehouse(reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2)));
                }
                await reader.NextResultAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    if (productIndex.TryGetValue(reader.GetGuid(0), out var product) && warehouseIndex.TryGetValue(reader.GetGuid(1), out var warehouse))
                    {
                        levels.Add(new ReportLevel(product, warehouse, reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetInt32(3),
                            reader.GetInt32(4), reader.GetInt32(5), reader.GetBoolean(6)));
                    }
                }
            }

            var rows = Sort(query, calendar, products, warehouses, levels);
            var shown = rows.Skip(query.Offset).Take(query.Limit ?? int.MaxValue).ToList();
            var names = new Dictionary<Guid, (string Sku, string Name)>();
            await using (var batch = new NpgsqlBatch(connection))
            {
                batch.BatchCommands.Add(Sql.Command("SELECT id, sku, name FROM products WHERE tenant_id = $1 AND id = ANY($2)",
                    tenantId, shown.Select(r => products[levels[r.Level].Product].Id).Distinct().ToArray()));
                await using var reader = await batch.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    names[reader.GetGuid(0)] = (reader.GetString(1), reader.GetString(2));
                }
            }
            var page = new List<StockReportRow>(shown.Count);
            foreach (var row in shown)
            {
                var level = levels[row.Level];
                var product = products[level.Product];
                var warehouse = warehouses[level.Warehouse];
                // A product deleted since the batch has no name left to show; the page is a row short, as it would be a moment later.
                if (names.TryGetValue(product.Id, out var name))
                {
                    var inputs = Inputs(product, level, row.Share, calendar);
                    page.Add(new StockReportRow(product.Id, name.Sku, name.Name, warehouse.Id, warehouse.Code, inputs,
                        Forecast.Of(inputs, calendar.Today), level.Stocked));
                }
            }
            return (page, rows.Count);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Shares each product's safety stock over its rows, keeps the rows the query filters for, and sorts them by the
    /// query's key (computed once a row, without a forecast), SKU and warehouse code.
    /// </summary>
    private static List<Sorted> Sort(StockReportQuery query, ForecastCalendar calendar,
        List<ReportProduct> products, List<ReportWarehouse> warehouses, List<ReportLevel> levels)
    {
        // Each product's rows together, in ordinal warehouse-code order: Forecast.ShareByWarehouse's order, which decides
        // the shares' ties. A counting sort by product, then an insertion sort of each product's handful of rows.
        var byCode = Enumerable.Range(0, warehouses.Count).OrderBy(w => warehouses[w].Code, StringComparer.Ordinal).ToArray();
        var codeOrder = new int[warehouses.Count];
        for (var i = 0; i < byCode.Length; i++)
        {
            codeOrder[byCode[i]] = i;
        }
        var start = new int[products.Count + 1];
        foreach (var level in levels)
        {
            start[level.Product + 1]++;
        }
        for (var p = 0; p < products.Count; p++)
        {
            start[p + 1] += start[p];
        }
        var grouped = new int[levels.Count];
        var next = start[..^1];
        for (var l = 0; l < levels.Count; l++)
        {
            grouped[next[levels[l].Product]++] = l;
        }

        var key = Key(query.Sort, calendar, warehouses);
        var rows = new List<Sorted>(levels.Count);
        var sold = new int[warehouses.Count];
        var shares = new int[warehouses.Count];
        for (var p = 0; p < products.Count; p++)
        {
            var product = products[p];
            var group = grouped.AsSpan(start[p], start[p + 1] - start[p]);
            for (var i = 1; i < group.Length; i++)
            {
                var l = group[i];
                var j = i - 1;
                for (; j >= 0 && codeOrder[levels[group[j]].Warehouse] > codeOrder[levels[l].Warehouse]; j--)
                {
                    group[j + 1] = group[j];
                }
                group[j + 1] = l;
            }
            if (product.SafetyStock is { } safety)
            {
                for (var i = 0; i < group.Length; i++)
                {
                    sold[i] = levels[group[i]].Sold;
                }
                Forecast.ShareSafetyStock(safety, sold.AsSpan(0, group.Length), shares.AsSpan(0, group.Length));
            }
            for (var i = 0; i < group.Length; i++)
            {
                var level = levels[group[i]];
                if ((query.WarehouseId is { } only && warehouses[level.Warehouse].Id != only)
                    || (query.Status is { } status && StockStatusRule.Of(level.Available, level.Threshold, level.Stocked) != status))
                {
                    continue;
                }
                int? share = product.SafetyStock is null ? null : shares[i];
                rows.Add(new Sorted(group[i], share, key(product, level, share), product.SkuRank, warehouses[level.Warehouse].CodeRank));
            }
        }
        var direction = query.Descending ? -1 : 1;
        rows.Sort((a, b) =>
        {
            // ORDER BY key ASC|DESC NULLS LAST, sku, warehouse_code
            var byKey = (a.Key, b.Key) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                var (x, y) => direction * x.Value.CompareTo(y.Value),
            };
            return byKey != 0 ? byKey
                : a.SkuRank != b.SkuRank ? a.SkuRank.CompareTo(b.SkuRank)
                : a.CodeRank.CompareTo(b.CodeRank);
        });
        return rows;
    }

    private static ForecastInputs Inputs(ReportProduct product, ReportLevel level, int? share, ForecastCalendar calendar) =>
        new(level.OnHand, level.Available, level.Sold, calendar.Window.Days, level.Threshold, product.LeadTimeDays, share,
            product.SeasonalFactor, calendar.StoreFactor);

    /// <summary>The sort key of <see cref="Statement"/>'s ORDER BY, for one per-warehouse row; text by its rank.</summary>
    private static Func<ReportProduct, ReportLevel, int?, decimal?> Key(ReportSort sort, ForecastCalendar calendar, List<ReportWarehouse> warehouses) => sort switch
    {
        ReportSort.Sku => (p, _, _) => p.SkuRank,
        ReportSort.Name => (p, _, _) => p.NameRank,
        ReportSort.Warehouse => (_, l, _) => warehouses[l.Warehouse].CodeRank,
        ReportSort.Available => (_, l, _) => l.Available,
        ReportSort.Threshold => (_, l, _) => l.Threshold,
        ReportSort.Suggested => (p, l, share) => Forecast.Suggest(Inputs(p, l, share, calendar)).Value,
        ReportSort.Velocity => (_, l, _) => l.Sold,
        ReportSort.Ratio => (_, l, _) => Forecast.StockToSalesOf(l.OnHand, Math.Max(0, l.Sold)),
        ReportSort.Status => (_, l, _) => (int)StockStatusRule.Of(l.Available, l.Threshold, l.Stocked),
        // DaysLeft and StockOut: the date is today + the whole days left
        _ => (_, l, _) => Forecast.DaysLeftOf(l.Available, Math.Max(0, l.Sold), calendar.Window.Days),
    };

    private readonly record struct ReportProduct(Guid Id, int? LeadTimeDays, int? SafetyStock, decimal SeasonalFactor, long SkuRank, long NameRank);

    private sealed record ReportWarehouse(Guid Id, string Code, long CodeRank);

    /// <summary>A stock row, by the indexes of its product and warehouse in the lists read.</summary>
    private readonly record struct ReportLevel(int Product, int Warehouse, int? Threshold, int OnHand, int Available, int Sold, bool Stocked);

    private readonly record struct Sorted(int Level, int? Share, decimal? Key, long SkuRank, long CodeRank);

    private static string Search(StockReportQuery query, string parameter) => query.SearchPattern is null ? ""
        : $@"AND (p.sku COLLATE ""default"" ILIKE {parameter} ESCAPE '\' OR p.name ILIKE {parameter} ESCAPE '\')";

    /// <remarks>
    /// Parameters: $1 tenant, $2-$3 the window's first and last day, $4 its length, $5 the store's season factor,
    /// $6-$7 limit and offset, $8 search pattern, $9 status. Raw SQL skips the EF tenant filter: every table is read
    /// with tenant_id = $1.
    /// </remarks>
    private static string Statement(StockReportQuery query)
    {
        var search = Search(query, "$8");
        var scope = $"""
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
        var status = query.Status is null ? "" : "WHERE status = $9";
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
