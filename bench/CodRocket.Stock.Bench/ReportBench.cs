using System.Diagnostics;
using System.Globalization;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CodRocket.Stock.Bench;

/// <summary>
/// The stock report of a store with 10,000 products in 5 warehouses and 1,000,000 order lines over a year: server
/// time of the first page, of a sorted page deep in the list, and of the CSV export. The orders and the daily sales
/// rollup are bulk-loaded in SQL (generate_series), not through the order service: the point is the read side.
/// </summary>
internal static class ReportBench
{
    private const int Products = 10_000;
    private const int Orders = 500_000;
    private const int LinesPerOrder = 2;

    public static async Task RunAsync(string[] args)
    {
        var requests = Stats.Option(args, "--requests", 20);
        await using var app = await BenchApp.StartAsync();
        var store = await app.CreateStoreAsync("Report store");
        var warehouses = new List<Guid>();
        foreach (var code in new[] { "CAS", "RAK", "TNG", "FES", "AGA" })
        {
            warehouses.Add(await app.AddWarehouseAsync(store.TenantId, code));
        }
        var seeding = Stopwatch.StartNew();
        await SeedAsync(app.ConnectionString, store.TenantId, [.. warehouses]);
        Console.WriteLine();
        Console.WriteLine($"Report: {Products:N0} products x {warehouses.Count} warehouses, {Orders * LinesPerOrder:N0} order lines over 365 days " +
            $"(bulk-loaded with the daily rollup in {seeding.Elapsed.TotalSeconds:N0} s).");

        using var client = await app.SignInAsync(store);
        // Every answer is checked against what was asked (the page number and a full page of rows, the CSV's
        // line count): a figure timed on the wrong answer is void.
        (string Label, string Url, int Samples, Func<string, string?> Check)[] cases =
        [
            ("first page (default: fewest days left)", "/reports", requests, Page(1, 400)),
            ("deep sorted page (sales/day desc, page 350 of 400)", "/reports?sort=velocity&dir=desc&p=350", requests, Page(350, 400)),
            ("deep page per warehouse (suggested, 1,800 of 2,000)", "/reports?view=warehouse&sort=suggested&dir=desc&p=1800", requests, Page(1800, 2000)),
            ("search + status filter", "/reports?q=0042&status=low", requests, _ => null),
            ("CSV export, 10,000 products", "/reports?handler=csv", 5, Lines(Products + 1)),
            ("CSV export, 50,000 product x warehouse rows", "/reports?handler=csv&view=warehouse", 3, Lines(Products * 5 + 1)),
        ];
        // Not measured: every request once a round, until the JIT has settled (two requests a case left the first
        // cases' measured requests on unoptimized code).
        await Stats.WarmUpAsync(async () =>
        {
            foreach (var (_, url, _, check) in cases)
            {
                await FetchAsync(client, url, check);
            }
        });
        Console.WriteLine("request                                              | p50 ms | p95 ms | max ms   (in-process server, no network)");
        foreach (var (label, url, samples, check) in cases)
        {
            for (var i = 0; i < 2; i++)
            {
                await FetchAsync(client, url, check);
            }
            var times = new List<double>();
            long bytes = 0;
            for (var i = 0; i < samples; i++)
            {
                var begin = Stopwatch.GetTimestamp();
                bytes = await FetchAsync(client, url, check);
                times.Add(Stats.Ms(Stopwatch.GetTimestamp() - begin));
            }
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label,-52} | {Stats.Percentile(times, 50),6:F1} | {Stats.Percentile(times, 95),6:F1} | {times[^1],6:F1}   ({bytes / 1024:N0} KB)"));
        }
        Console.WriteLine("report service only (SQL + arithmetic, no HTTP/render)");
        await ServiceAsync(app, store.TenantId, "  first page", new StockReportQuery(), requests, 25, Products);
        await ServiceAsync(app, store.TenantId, "  deep sorted page", new StockReportQuery(Sort: ReportSort.Velocity, Descending: true, Offset: 349 * 25), requests, 25, Products);
        await ServiceAsync(app, store.TenantId, "  deep page per warehouse",
            new StockReportQuery(ReportView.Warehouse, Sort: ReportSort.Suggested, Descending: true, Offset: 1799 * 25), requests, 25, Products * 5);
        await ServiceAsync(app, store.TenantId, "  all 10,000 rows (the export's query)", new StockReportQuery(Limit: null), 5, Products, Products);
    }

    /// <summary>The report service alone (its SQL and the forecast arithmetic), without HTTP and page rendering.</summary>
    private static async Task ServiceAsync(BenchApp app, Guid tenantId, string label, StockReportQuery query, int samples, int rows, int total)
    {
        var times = new List<double>();
        for (var i = 0; i < samples + 2; i++)
        {
            var begin = Stopwatch.GetTimestamp();
            var page = await app.InStoreAsync(tenantId, s => s.GetRequiredService<StockReport>().RunAsync(query, CancellationToken.None));
            if (page.Rows.Count != rows || page.Total != total)
            {
                throw new InvalidOperationException($"{label.Trim()}: {page.Rows.Count} rows of {page.Total}, asked for {rows} of {total}");
            }
            if (i >= 2)
            {
                times.Add(Stats.Ms(Stopwatch.GetTimestamp() - begin));
            }
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-52} | {Stats.Percentile(times, 50),6:F1} | {Stats.Percentile(times, 95),6:F1} | {times[^1],6:F1}"));
    }

    private static async Task<long> FetchAsync(StoreClient client, string url, Func<string, string?> check)
    {
        using var response = await client.Http.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{url} answered {response.StatusCode}");
        }
        if (check(System.Text.Encoding.UTF8.GetString(body)) is { } wrong)
        {
            throw new InvalidOperationException($"{url} did not answer what it asked for: {wrong}");
        }
        return body.LongLength;
    }

    /// <summary>The page asked for, of the pages expected, with a full page of rows.</summary>
    private static Func<string, string?> Page(int page, int pages) => html =>
    {
        var rows = CountOf(html, "data-testid=\"report-row\"");
        return !html.Contains($"aria-current=\"page\">Page {page:N0} of {pages:N0}<", StringComparison.Ordinal)
            && !html.Contains($"aria-current=\"page\">Page {page} of {pages}<", StringComparison.Ordinal)
                ? $"not page {page} of {pages}"
            : rows != 25 ? $"{rows} rows instead of 25"
            : null;
    };

    private static Func<string, string?> Lines(int lines) => csv =>
        csv.TrimEnd('\n', '\r').Split('\n').Length is var n && n != lines ? $"{n} lines instead of {lines}" : null;

    private static int CountOf(string text, string what)
    {
        var (count, at) = (0, 0);
        while ((at = text.IndexOf(what, at, StringComparison.Ordinal)) >= 0)
        {
            count++;
            at += what.Length;
        }
        return count;
    }

    private static async Task SeedAsync(string connectionString, Guid tenantId, Guid[] warehouses)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        string[] statements =
        [
            // Products: lead time 7 days, safety 10, a threshold on most; every 7th inherits the store default (none).
            $"""
            INSERT INTO products (tenant_id, id, sku, name, is_archived, low_stock_threshold, sms_alerts, lead_time_days, safety_stock,
                                  seasonal_factor, created_at, updated_at)
            SELECT $1, gen_random_uuid(), 'RPT-' || lpad(i::text, 5, '0'), 'Report product ' || i, false,
                   CASE WHEN i % 7 = 0 THEN NULL ELSE 20 END, false, CASE WHEN i % 11 = 0 THEN NULL ELSE 7 END, 10,
                   CASE WHEN i % 5 = 0 THEN 1.5 ELSE 1 END, now(), now()
            FROM generate_series(1, {Products}) i
            """,
            """
            INSERT INTO stock_levels (tenant_id, product_id, warehouse_id, on_hand, reserved, updated_at, stocked)
            SELECT $1, p.id, w, (abs(hashtext(p.sku || w::text)) % 400), 0, now(), true
            FROM products p CROSS JOIN unnest($2::uuid[]) AS w WHERE p.tenant_id = $1
            """,
            """
            INSERT INTO stock_movements (tenant_id, product_id, warehouse_id, type, on_hand_delta, reserved_delta, on_hand_after, reserved_after, created_at)
            SELECT tenant_id, product_id, warehouse_id, 'Receipt', on_hand, 0, on_hand, 0, now() - interval '366 days' FROM stock_levels WHERE tenant_id = $1
            """,
            // Orders over the last 365 days; a skewed product choice so some sell fast and many slowly.
            $"""
            CREATE TEMP TABLE bench_products AS
            SELECT row_number() OVER (ORDER BY sku) - 1 AS n, id FROM products WHERE tenant_id = $1
            """,
            $"""
            INSERT INTO orders (tenant_id, id, warehouse_id, customer_name, customer_phone, city, status, is_backordered, created_at, updated_at, sales_day, number)
            SELECT $1, md5('o' || g)::uuid, ($2::uuid[])[1 + g % 5], 'Customer ' || g, '+212600000000', 'Casablanca',
                   CASE WHEN g % 100 < 8 THEN 'Cancelled' WHEN g % 100 < 12 THEN 'Returned' WHEN g % 100 < 15 THEN 'New' ELSE 'Delivered' END,
                   false, t, t, t::date, g
            FROM generate_series(1, {Orders}) g, LATERAL (SELECT now() - (g % 365) * interval '1 day' - (g % 1440) * interval '1 minute' AS t) x
            """,
            $"""
            INSERT INTO order_lines (tenant_id, order_id, line_no, product_id, quantity, reserved, backordered, oversold, shipped)
            SELECT $1, md5('o' || g)::uuid, l, bp.id, 1 + (g + l) % 4, 0, 0, 0, 0
            FROM generate_series(1, {Orders}) g, generate_series(1, {LinesPerOrder}) l,
                 LATERAL (SELECT floor({Products} * power(((g::bigint * 7919 + l * 104729) % 100000) / 100000.0, 3))::int AS n) pick
            JOIN bench_products bp ON bp.n = pick.n
            """,
            // The rollup, as OrderService keeps it: units of orders neither cancelled nor returned, on their day.
            """
            INSERT INTO daily_sales (tenant_id, product_id, warehouse_id, day, units)
            SELECT o.tenant_id, l.product_id, o.warehouse_id, o.sales_day, SUM(l.quantity)
            FROM orders o JOIN order_lines l ON l.tenant_id = o.tenant_id AND l.order_id = o.id
            WHERE o.tenant_id = $1 AND o.status NOT IN ('Cancelled', 'Returned')
            GROUP BY o.tenant_id, l.product_id, o.warehouse_id, o.sales_day
            """,
        ];
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
            command.Parameters.Add(new() { Value = tenantId });
            command.Parameters.Add(new() { Value = warehouses });
            await command.ExecuteNonQueryAsync();
        }
        await using (var counts = new NpgsqlCommand("SELECT (SELECT count(*) FROM order_lines), (SELECT count(*) FROM daily_sales)", connection))
        await using (var reader = await counts.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            Console.WriteLine($"order lines: {reader.GetInt64(0):N0}, daily sales rows: {reader.GetInt64(1):N0}");
        }
        // A year of history is old rows autovacuum has long since marked all-visible in production; after a bulk
        // load they are not yet, and the window's sum would read the heap instead of the covering index alone.
        await using (var vacuum = new NpgsqlCommand("VACUUM (ANALYZE) daily_sales", connection) { CommandTimeout = 600 })
        {
            await vacuum.ExecuteNonQueryAsync();
        }
        await LedgerBench.AnalyzeAsync(connectionString);
    }
}
