using System.Globalization;
using CodRocket.Stock.Data;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Forecasting;

public class StockReportTests(StockApp app)
{
    private const string Zone = "Asia/Tokyo";
    private const int Window = 30;
    private const string SkuCollation = CodRocket.Stock.Catalog.ProductConfiguration.SkuCollation;

    [Fact]
    public async Task The_reports_memory_for_sorting_ends_with_its_statement_and_stays_off_the_pooled_connection()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W1");
        await app.AddProductAsync(store.TenantId, "MEM-1", 5, (warehouse, 10));

        var (rows, after, pooled) = await app.InStoreAsync(store.TenantId, async s =>
        {
            var db = s.GetRequiredService<StockDbContext>();
            // Held open around the report, so what follows runs on its very connection (No Reset On Close would keep
            // whatever a session-wide setting left on it for the next user of the pool).
            await db.Database.OpenConnectionAsync();
            var report = await s.GetRequiredService<StockReport>().RunAsync(new StockReportQuery(ReportView.Product), CancellationToken.None);
            var after = await db.Database.SqlQueryRaw<string>("SELECT current_setting('work_mem') AS \"Value\"").SingleAsync();
            var pooled = await db.Database.SqlQueryRaw<string>("SELECT reset_val AS \"Value\" FROM pg_settings WHERE name = 'work_mem'").SingleAsync();
            return (report.Rows.Count, after, pooled);
        });

        rows.Should().Be(1);
        after.Should().NotBe("32MB").And.Be(ToUnit(pooled), "the report sets work_mem for its own implicit transaction only");

        static string ToUnit(string kilobytes) => int.Parse(kilobytes, CultureInfo.InvariantCulture) % 1024 == 0
            ? $"{int.Parse(kilobytes, CultureInfo.InvariantCulture) / 1024}MB" : $"{kilobytes}kB";
    }

    /// <summary>
    /// 60 days of orders from a fixed seed — some cancelled, some returned, some still open, at every hour of the
    /// store's day — then the report's figures against the same figures computed here from the raw orders.
    /// </summary>
    [Fact]
    public async Task Report_figures_equal_those_computed_independently_from_sixty_days_of_orders()
    {
        var store = await app.CreateStoreAsync();
        await app.SetStoreAsync(store.TenantId, Zone, Window);
        Guid[] warehouses = [await app.AddWarehouseAsync(store.TenantId, "W1"), await app.AddWarehouseAsync(store.TenantId, "W2")];
        string[] skus = ["P-1", "P-2", "P-3", "P-4"];
        var products = new Dictionary<string, Guid>();
        foreach (var sku in skus[..3])
        {
            products[sku] = await app.AddProductAsync(store.TenantId, sku, 10, (warehouses[0], 2_000), (warehouses[1], 1_000));
        }
        products["P-4"] = await app.AddProductAsync(store.TenantId, "P-4", 5, (warehouses[0], 40)); // never sold

        var random = new Random(20261128);
        var now = DateTimeOffset.UtcNow;
        for (var daysAgo = 59; daysAgo >= 0; daysAgo--)
        {
            for (var n = 0; n < 3; n++)
            {
                var at = now.AddMinutes(-(daysAgo * 1440 + random.Next(1440)));
                var lines = skus[..3].OrderBy(_ => random.Next()).Take(random.Next(1, 3)).Select(s => (s, random.Next(1, 7))).ToArray();
                var order = await app.PlaceAtAsync(store.TenantId, at, OrderSeeding.Draft(warehouses[random.Next(2)], lines));
                var fate = random.NextDouble();
                OrderStatus[] steps = fate switch
                {
                    < 0.15 => [OrderStatus.Cancelled],
                    < 0.25 => [OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Returned],
                    < 0.70 => [OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Delivered],
                    < 0.85 => [OrderStatus.Confirmed],
                    _ => [],
                };
                await app.MoveAtAsync(store.TenantId, at.AddMinutes(random.Next(0, (int)Math.Min(600, (now - at).TotalMinutes))), order.Id, steps);
            }
        }

        // Independently: local day of each order in Tokyo, orders neither cancelled nor returned, the last 30 days.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Zone);
        DateOnly LocalDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
        var today = LocalDay(DateTimeOffset.UtcNow);
        var orders = await app.InDbAsync(store.TenantId, db => db.Orders.AsNoTracking().Include(o => o.Lines).ToListAsync());
        var sold = orders
            .Where(o => o.Status is not (OrderStatus.Cancelled or OrderStatus.Returned))
            .Where(o => LocalDay(o.CreatedAt) > today.AddDays(-Window) && LocalDay(o.CreatedAt) <= today)
            .SelectMany(o => o.Lines.Select(l => (l.ProductId, o.WarehouseId, l.Quantity)))
            .ToList();
        var levels = await app.InDbAsync(store.TenantId, db => db.StockLevels.AsNoTracking().ToListAsync());

        var report = await app.InStoreAsync(store.TenantId, s => s.GetRequiredService<StockReport>().RunAsync(new StockReportQuery(Limit: null), CancellationToken.None));
        report.Total.Should().Be(4);
        report.Rows.Select(r => r.Sku).Should().EndWith("P-4", "no recent sales sorts last");
        report.Rows.Where(r => r.Forecast.DaysLeft is not null).Select(r => r.Forecast.DaysLeft).Should().BeInAscendingOrder("fewest days left first");
        foreach (var row in report.Rows)
        {
            var units = sold.Where(s => s.ProductId == row.ProductId).Sum(s => s.Quantity);
            var onHand = levels.Where(l => l.ProductId == row.ProductId).Sum(l => l.OnHand);
            var available = levels.Where(l => l.ProductId == row.ProductId).Sum(l => l.Available);
            row.Inputs.Sold.Should().Be(units, row.Sku);
            row.Forecast.Velocity.Should().Be((decimal)units / Window, row.Sku);
            row.Forecast.DaysLeft.Should().Be(units == 0 ? null : (decimal)available * Window / units, row.Sku);
            row.Forecast.StockToSales.Should().Be(units == 0 ? null : (decimal)onHand / units, row.Sku);
        }
        report.Rows.Single(r => r.Sku == "P-4").Forecast.NoRecentSales.Should().BeTrue();

        var byWarehouse = await app.InStoreAsync(store.TenantId, s => s.GetRequiredService<StockReport>()
            .RunAsync(new StockReportQuery(ReportView.Warehouse, Limit: null), CancellationToken.None));
        byWarehouse.Total.Should().Be(7);
        foreach (var row in byWarehouse.Rows)
        {
            var units = sold.Where(s => s.ProductId == row.ProductId && s.WarehouseId == row.WarehouseId).Sum(s => s.Quantity);
            var level = levels.Single(l => l.ProductId == row.ProductId && l.WarehouseId == row.WarehouseId);
            row.Forecast.Velocity.Should().Be((decimal)units / Window);
            row.Forecast.DaysLeft.Should().Be(level.Available <= 0 ? 0 : units == 0 ? null : (decimal)level.Available * Window / units);
        }

        // The rollup itself, every day of the 60, against the orders.
        var rollup = await app.InDbAsync(store.TenantId, db => db.DailySales.AsNoTracking().Where(d => d.Units != 0).ToListAsync());
        var expected = orders.Where(o => o.Status is not (OrderStatus.Cancelled or OrderStatus.Returned))
            .SelectMany(o => o.Lines.Select(l => (l.ProductId, o.WarehouseId, Day: LocalDay(o.CreatedAt), l.Quantity)))
            .GroupBy(x => (x.ProductId, x.WarehouseId, x.Day))
            .ToDictionary(g => g.Key, g => g.Sum(x => x.Quantity));
        rollup.ToDictionary(d => (d.ProductId, d.WarehouseId, d.Day), d => d.Units).Should().BeEquivalentTo(expected);

        // The CSV export says the same, rounded.
        using var client = await app.SignInAsync(store);
        var csv = await client.Http.GetStringAsync(new Uri("/reports?handler=csv", UriKind.Relative), TestContext.Current.CancellationToken);
        var records = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
        records[0].Should().StartWith(["sku", "name", "warehouse", "on_hand", "available"]);
        records.Should().HaveCount(5);
        foreach (var row in report.Rows)
        {
            var record = records.Single(r => r[0] == row.Sku);
            record[7].Should().Be(row.Inputs.Sold.ToString(CultureInfo.InvariantCulture));
            record[9].Should().Be(row.Forecast.DaysLeft is { } d ? decimal.Round(d, 1).ToString(CultureInfo.InvariantCulture) : "");
        }

        (await app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
        (await app.BackorderMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_cancellation_or_a_return_takes_its_units_off_the_day_the_order_was_sold()
    {
        var store = await app.CreateStoreAsync();
        await app.SetStoreAsync(store.TenantId, "UTC", Window);
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        var product = await app.AddProductAsync(store.TenantId, "TEA-1", null, (warehouse, 100));
        var placed = DateTimeOffset.UtcNow.AddDays(-3);

        var kept = await app.PlaceAtAsync(store.TenantId, placed, OrderSeeding.Draft(warehouse, ("TEA-1", 5)));
        var cancelled = await app.PlaceAtAsync(store.TenantId, placed, OrderSeeding.Draft(warehouse, ("TEA-1", 3)));
        var returned = await app.PlaceAtAsync(store.TenantId, placed, OrderSeeding.Draft(warehouse, ("TEA-1", 2)));
        await app.MoveAtAsync(store.TenantId, DateTimeOffset.UtcNow, cancelled.Id, OrderStatus.Cancelled);
        await app.MoveAtAsync(store.TenantId, DateTimeOffset.UtcNow, returned.Id, OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Returned);

        var days = await app.InDbAsync(store.TenantId, db => db.DailySales.AsNoTracking().ToListAsync());
        days.Should().ContainSingle().Which.Should().Match<DailySales>(d =>
            d.Day == DateOnly.FromDateTime(placed.UtcDateTime) && d.Units == 5 && d.ProductId == product);
        kept.Status.Should().Be(OrderStatus.New);
        (await app.LedgerMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_store_sees_only_its_own_products_and_sales_in_the_report_and_its_export()
    {
        var a = await app.CreateStoreAsync();
        var b = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(a.TenantId, "A1");
        await app.AddProductAsync(a.TenantId, "SECRET-A", 5, (warehouse, 50));
        await app.PlaceOrderAsync(a.TenantId, OrderSeeding.Draft(warehouse, ("SECRET-A", 4)));
        var bWarehouse = await app.AddWarehouseAsync(b.TenantId, "B1");
        await app.AddProductAsync(b.TenantId, "MINE-B", 5, (bWarehouse, 50));

        using var client = await app.SignInAsync(b);
        var page = await client.GetAsync("/reports");
        var csv = await client.Http.GetStringAsync(new Uri($"/reports?handler=csv&view=warehouse&warehouse={warehouse}", UriKind.Relative), TestContext.Current.CancellationToken);
        var perWarehouse = await client.GetAsync($"/reports?view=warehouse&warehouse={warehouse}");

        page.Text.Should().Contain("MINE-B").And.NotContain("SECRET-A");
        csv.Should().NotContain("SECRET-A");
        perWarehouse.Text.Should().NotContain("SECRET-A");
        (await app.InDbAsync(b.TenantId, db => db.DailySales.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Every_sort_filter_and_page_answers_and_nonsense_in_the_query_string_falls_back_to_defaults()
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "CAS");
        await app.AddProductAsync(store.TenantId, "TEA-1", 5, (warehouse, 50));
        await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, ("TEA-1", 4)));
        using var client = await app.SignInAsync(store);

        foreach (var sort in Enum.GetNames<ReportSort>())
        {
            foreach (var view in new[] { "product", "warehouse" })
            {
                foreach (var dir in new[] { "asc", "desc" })
                {
                    var url = $"/reports?view={view}&sort={sort.ToLowerInvariant()}&dir={dir}&status=low&q=tea";
                    (await client.GetAsync(url)).Status.Should().Be(System.Net.HttpStatusCode.OK, url);
                }
            }
        }
        foreach (var url in new[]
        {
            "/reports?sort=%27%3B%20DROP%20TABLE%20products%3B--", "/reports?p=-5", "/reports?p=99999999999", "/reports?p=abc",
            "/reports?warehouse=not-a-guid", $"/reports?warehouse={Guid.NewGuid()}", "/reports?status=bogus&dir=sideways",
            "/reports?q=" + new string('x', 500), "/reports?q=%25_%5C", "/reports?handler=csv&sort=nonsense",
        })
        {
            var page = await client.GetAsync(url);
            page.Status.Should().Be(System.Net.HttpStatusCode.OK, url);
        }
        (await client.GetAsync("/reports?q=" + new string('x', 500))).Text.Should().Contain("Search for at most 200 characters.");
        (await client.GetAsync("/reports?p=99")).Text.Should().Contain("TEA-1", "a page past the end shows the last one");
    }

    /// <summary>
    /// Issue 13 item 8: per warehouse, the report suggests what the product page does, each warehouse carrying its share of
    /// the safety stock (by sales, largest remainder, ties by warehouse code), so the parts add up to the whole. Before,
    /// the report gave every warehouse the whole safety stock.
    /// </summary>
    [Fact]
    public async Task Per_warehouse_suggestions_share_the_safety_stock_as_the_product_page_does()
    {
        var store = await app.CreateStoreAsync();
        await app.SetStoreAsync(store.TenantId, Zone, Window);
        Guid[] warehouses = [await app.AddWarehouseAsync(store.TenantId, "W3"), await app.AddWarehouseAsync(store.TenantId, "W1"),
            await app.AddWarehouseAsync(store.TenantId, "W2"), await app.AddWarehouseAsync(store.TenantId, "W4")];
        var even = await app.AddProductAsync(store.TenantId, "EVEN", null, [.. warehouses[..3].Select(w => (w, 100))]);
        var spread = await app.AddProductAsync(store.TenantId, "SPREAD", null, [.. warehouses.Select(w => (w, 100))]);
        await app.SetReplenishmentAsync(store.TenantId, even, leadTime: 2, safety: 10);
        await app.SetReplenishmentAsync(store.TenantId, spread, leadTime: 2, safety: 13);
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1);
        foreach (var w in warehouses[..3])
        {
            await app.PlaceAtAsync(store.TenantId, yesterday, OrderSeeding.Draft(w, ("EVEN", 3))); // a tie: 10 = 3 + 3 + 3 + 1
        }
        (int Warehouse, int Units)[] spreadSales = [(0, 7), (1, 2), (2, 3)]; // W4 sold nothing
        foreach (var (w, units) in spreadSales)
        {
            await app.PlaceAtAsync(store.TenantId, yesterday, OrderSeeding.Draft(warehouses[w], ("SPREAD", units)));
        }

        var (report, page) = await app.InStoreAsync(store.TenantId, async s =>
        {
            var calendar = await s.GetRequiredService<StockForecasts>().CalendarAsync(CancellationToken.None);
            var report = await s.GetRequiredService<StockReport>().RunAsync(new StockReportQuery(ReportView.Warehouse, Limit: null), CancellationToken.None);
            var page = await s.GetRequiredService<StockForecasts>().ForWarehousesAsync([even, spread], calendar, CancellationToken.None);
            return (report, page);
        });

        report.Rows.Should().HaveCount(7);
        foreach (var row in report.Rows)
        {
            var same = page.Single(p => p.ProductId == row.ProductId && p.WarehouseId == row.WarehouseId);
            row.Inputs.SafetyStock.Should().Be(same.Inputs.SafetyStock, $"{row.Sku} in {row.WarehouseCode}");
            row.Forecast.Suggestion.Value.Should().Be(same.Forecast.Suggestion.Value, $"{row.Sku} in {row.WarehouseCode}");
        }
        int? Share(string sku, string code) => report.Rows.Single(r => r.Sku == sku && r.WarehouseCode == code).Inputs.SafetyStock;
        // Equal sales: 3 each and the unit left over to the first code in order.
        new[] { Share("EVEN", "W1"), Share("EVEN", "W2"), Share("EVEN", "W3") }.Should().Equal(4, 3, 3);
        // 13 × 7/12 = 7.58, × 2/12 = 2.17, × 3/12 = 3.25, × 0 = 0: floors 7 + 2 + 3 = 12, the unit to the largest remainder.
        new[] { Share("SPREAD", "W3"), Share("SPREAD", "W1"), Share("SPREAD", "W2"), Share("SPREAD", "W4") }.Should().Equal(8, 2, 3, 0);
        report.Rows.Where(r => r.Sku == "SPREAD").Sum(r => r.Inputs.SafetyStock).Should().Be(13, "the parts add up to the whole");
    }

    /// <summary>
    /// The per-warehouse view is shared, filtered, sorted and paged in the app, not in SQL. Every sort, both ways, read a
    /// few rows a page, must come out in the order PostgreSQL's own ORDER BY gives the same rows and keys: nulls last
    /// either way, ties by SKU in its case-insensitive collation, then by warehouse code; and the filters and the total
    /// must hold on every page.
    /// </summary>
    [Fact]
    public async Task The_per_warehouse_view_sorts_and_pages_every_key_as_the_database_orders_the_same_rows()
    {
        var store = await app.CreateStoreAsync();
        await app.SetStoreAsync(store.TenantId, Zone, Window);
        Guid[] warehouses = [await app.AddWarehouseAsync(store.TenantId, "W10"), await app.AddWarehouseAsync(store.TenantId, "W2"),
            await app.AddWarehouseAsync(store.TenantId, "A-1")];
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1);
        (string Sku, string Name, int Stock, int? Lead, int? Safety, int Sold)[] products =
        [
            ("sku-b", "tea", 40, 3, 5, 6), ("SKU-A", "Tea", 40, 3, 5, 6), ("Sku-c", "apple", 0, null, null, 0), ("z10", "Apple", 9, 7, 2, 2),
            ("Z9", "tea", 12, 3, 5, 6), ("é-1", "Éclair", 5, 1, null, 1), ("E-2", "eclair", 30, null, 4, 0),
        ];
        foreach (var (sku, name, stock, lead, safety, sold) in products)
        {
            var id = await app.AddProductAsync(store.TenantId, sku, null, [.. warehouses.Select((w, i) => (w, stock + i)).Where(x => x.Item2 > 0)]);
            await app.SetReplenishmentAsync(store.TenantId, id, lead, safety);
            await app.SetWarehouseThresholdAsync(store.TenantId, id, warehouses[1], stock > 10 ? 20 : null);
            await app.InDbAsync(store.TenantId, db => db.Database.ExecuteSqlAsync($"UPDATE products SET name = {name} WHERE id = {id}"));
            if (sold > 0)
            {
                await app.PlaceAtAsync(store.TenantId, yesterday, OrderSeeding.Draft(warehouses[sold % 3], (sku, sold)));
            }
        }

        var all = await RunAsync(new StockReportQuery(ReportView.Warehouse, Limit: null));
        all.Total.Should().Be(products.Length * warehouses.Length - 1, "Sku-c has nothing in the first warehouse");
        foreach (var sort in Enum.GetValues<ReportSort>())
        {
            foreach (var descending in new[] { false, true })
            {
                var pages = new List<StockReportRow>();
                for (var offset = 0; offset < all.Total; offset += 4)
                {
                    var page = await RunAsync(new StockReportQuery(ReportView.Warehouse, Sort: sort, Descending: descending, Offset: offset, Limit: 4));
                    page.Total.Should().Be(all.Total);
                    pages.AddRange(page.Rows);
                }
                var expected = await DatabaseOrderAsync(all.Rows, sort, descending);
                pages.Select(r => $"{r.Sku}/{r.WarehouseCode}").Should().Equal(expected, $"sorted by {sort}, descending: {descending}");
            }
        }

        var filtered = await RunAsync(new StockReportQuery(ReportView.Product, WarehouseId: warehouses[1], Status: StockStatus.Low, Limit: null));
        filtered.Rows.Should().NotBeEmpty().And.OnlyContain(r => r.WarehouseId == warehouses[1] && r.Status == StockStatus.Low);
        filtered.Total.Should().Be(all.Rows.Count(r => r.WarehouseId == warehouses[1] && r.Status == StockStatus.Low));
        var searched = await RunAsync(new StockReportQuery(ReportView.Warehouse, SearchPattern: "%tea%", Limit: null));
        searched.Rows.Select(r => r.Sku).Distinct().Should().BeEquivalentTo("sku-b", "SKU-A", "Z9");
        var past = await RunAsync(new StockReportQuery(ReportView.Warehouse, Offset: 100, Limit: 4));
        past.Rows.Should().BeEmpty();
        past.Total.Should().Be(all.Total);

        Task<StockReportPage> RunAsync(StockReportQuery query) =>
            app.InStoreAsync(store.TenantId, s => s.GetRequiredService<StockReport>().RunAsync(query, CancellationToken.None));

        Task<List<string>> DatabaseOrderAsync(IReadOnlyList<StockReportRow> rows, ReportSort sort, bool descending)
        {
            decimal? Key(StockReportRow r) => sort switch
            {
                ReportSort.Available => r.Inputs.Available,
                ReportSort.Threshold => r.Inputs.Threshold,
                ReportSort.Suggested => r.Forecast.Suggestion.Value,
                ReportSort.Velocity => r.Inputs.Sold,
                ReportSort.Ratio => r.Forecast.StockToSales,
                ReportSort.Status => (int)r.Status,
                _ => r.Forecast.DaysLeft,
            };
            var key = sort switch
            {
                ReportSort.Sku => $"sku COLLATE {SkuCollation}",
                ReportSort.Name => "name",
                ReportSort.Warehouse => "code",
                _ => "key",
            };
            var sql = $$"""
                SELECT sku || '/' || code AS "Value"
                FROM unnest({0}::text[], {1}::text[], {2}::text[], {3}::numeric[]) AS t(sku, name, code, key)
                ORDER BY {{key}} {{(descending ? "DESC" : "ASC")}} NULLS LAST, sku COLLATE {{SkuCollation}}, code
                """;
            return app.InDbAsync(store.TenantId, db => db.Database.SqlQueryRaw<string>(sql,
                rows.Select(r => r.Sku).ToArray(), rows.Select(r => r.Name).ToArray(), rows.Select(r => r.WarehouseCode!).ToArray(),
                rows.Select(Key).ToArray()).ToListAsync());
        }
    }
}
