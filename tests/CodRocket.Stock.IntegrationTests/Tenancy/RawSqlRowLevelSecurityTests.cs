using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CodRocket.Stock.Alerts;
using CodRocket.Stock.Api;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Catalog.Csv;
using CodRocket.Stock.Data;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.IntegrationTests.Api;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodRocket.Stock.IntegrationTests.Tenancy;

/// <summary>
/// With row-level security set to store A, every raw SQL path of the codebase, run for store B with B's ids, reads and
/// changes nothing of B. The connections are pinned to A (<see cref="RowLevelSecurity.PinForTesting"/>) while the code
/// acts for B, so each <c>tenant_id = $1</c> in the SQL names B and only the policy says A: anything of B that comes
/// back, or changes, got past the policy.
/// </summary>
public partial class RawSqlRowLevelSecurityTests(StockApp app)
{
    /// <summary>
    /// The source files that speak SQL to the database themselves, and how this class drives each. A new file fails
    /// <see cref="Every_source_file_with_raw_SQL_is_driven_by_this_test"/> until it is driven below (or, for work
    /// across stores on purpose, listed with the reason and its CrossStore scope).
    /// </summary>
    private static readonly Dictionary<string, string> RawSqlFiles = new(StringComparer.Ordinal)
    {
        ["src/CodRocket.Stock/Data/Sql.cs"] = "the helpers (LockProducts): every path below",
        ["src/CodRocket.Stock/Inventory/StockLedger.cs"] = "ledger receive, count, transfer; order placement",
        ["src/CodRocket.Stock/Alerts/AlertEvaluator.cs"] = "ledger; settings change evaluation",
        ["src/CodRocket.Stock/Orders/OrderService.cs"] = "order placement and transitions",
        ["src/CodRocket.Stock/Orders/OrderBackorderQueue.cs"] = "ledger receive into a product with backorders",
        ["src/CodRocket.Stock/Forecasting/SalesRollup.cs"] = "order placement and cancellation",
        ["src/CodRocket.Stock/Forecasting/StockReport.cs"] = "stock report",
        ["src/CodRocket.Stock/Catalog/SettingsAudit.cs"] = "settings change (audit)",
        ["src/CodRocket.Stock/Inventory/StockWork.cs"] = "every stock and settings change (savepoints, batches of the unit of work)",
        ["src/CodRocket.Stock/Notifications/AlertRecipients.cs"] = "ledger: alerts that open write their outbox rows",
        ["src/CodRocket.Stock/Inventory/MovementTargets.cs"] = "API stock movement",
        ["src/CodRocket.Stock/Inventory/WarehouseThreshold.cs"] = "bulk warehouse thresholds and CSV import",
        ["src/CodRocket.Stock/Catalog/BulkProductChange.cs"] = "bulk preview and apply",
        ["src/CodRocket.Stock/Catalog/Csv/ImportStatements.cs"] = "CSV import",
        ["src/CodRocket.Stock/Catalog/ChangeRevert.cs"] = "revert of a bulk change",
        ["src/CodRocket.Stock/Notifications/NotificationOutbox.cs"] = "delivery job",
        ["src/CodRocket.Stock/Api/IdempotencyStore.cs"] = "idempotency claim and completion (its expiry sweep is cross-store on purpose)",
        ["src/CodRocket.Stock/Webhooks/WebhookEvents.cs"] = "ledger, orders, backorder fill: the webhook outbox rows of every stock change",
        ["src/CodRocket.Stock/Webhooks/WebhookOutbox.cs"] = "webhook delivery job",
        ["src/CodRocket.Stock/Api/ApiKeyLookup.cs"] = "cross-store on purpose (the key names the store): every API call below",
        ["src/CodRocket.Stock/Api/RateLimitBuckets.cs"] = "every API call below (its buckets are named by key and store id and hold no store data)",
    };

    [Fact]
    public void Every_source_file_with_raw_SQL_is_driven_by_this_test()
    {
        var root = RepositoryRoot();
        var found = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => RawSql().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => f is not ("src/CodRocket.Stock/Data/RowLevelSecurity.cs" or "src/CodRocket.Stock/Data/RowLevelSecurityInterceptor.cs"
                or "src/CodRocket.Stock/Data/RawConnection.cs"))
            .Order(StringComparer.Ordinal)
            .ToList();

        found.Should().BeSubsetOf(RawSqlFiles.Keys, "a new file with raw SQL must be driven by the row-level-security test");
        RawSqlFiles.Keys.Should().BeSubsetOf(found, "the list should name only files that still speak SQL");
    }

    [Fact]
    public async Task Every_raw_SQL_path_run_for_store_B_under_store_As_policy_reads_and_changes_nothing_of_B()
    {
        var b = await SeedAsync("B");
        var a = await app.CreateStoreAsync();
        using var client = await app.SignInAsync(b.Store);
        using var api = app.ApiClient(b.ApiKey);
        var before = await RowLevelSecurityTests.FingerprintAsync(app, b.Store.TenantId);
        var seen = new List<string>();

        using (RowLevelSecurity.PinForTesting(b.Store.TenantId, a.TenantId))
        {
            var id = b.Store.TenantId;
            // Ledger (with LockProducts, the alert snapshot and evaluation, and the backorder fill).
            seen.Add(Describe(await Attempt(() => app.ApplyAsync(id, StockChange.Receive(b.Backordered, b.Warehouse, 5)))));
            seen.Add(Describe(await Attempt(() => app.ApplyAsync(id, StockChange.Count(b.Product, b.Warehouse, 1, AdjustmentReason.Count, null)))));
            seen.Add(Describe(await Attempt(() => app.ApplyAsync(id, StockChange.Transfer(b.Product, b.Warehouse, b.Warehouse2, 1, null).ToArray()))));
            // Orders: placement (ledger, sales rollup) and every transition of B's open order.
            seen.Add(Describe(await Attempt(() => app.PlaceOrderAsync(id, OrderSeeding.Draft(b.Warehouse, (b.Sku, 1)), acknowledge: true))));
            foreach (var next in new[] { OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Cancelled })
            {
                seen.Add(Describe(await Attempt(() => app.MoveOrderAsync(id, b.Order, next))));
            }
            // Settings: one product (audit + evaluation), bulk preview and apply, the alert evaluator on its own.
            seen.Add(Describe(await Attempt(() => app.ChangeInWorkAsync(id, [b.Product], _ => Task.CompletedTask, ChangeOrigin.ProductPage))));
            seen.Add(Describe(await Attempt(() => app.ChangeInWorkAsync(id, [b.Product, b.Backordered], _ => Task.CompletedTask))));
            foreach (var action in new[] { BulkAction.SetThreshold(1, null), BulkAction.SetThreshold(1, b.Warehouse), BulkAction.ClearThreshold(null),
                         BulkAction.ClearThreshold(b.Warehouse), BulkAction.SmsAlerts(true), BulkAction.SetPolicy(OutOfStockPolicy.Block), BulkAction.ApplySuggested() })
            {
                seen.Add(Describe(await Attempt(() => BulkAsync(id, action, preview: true))));
                seen.Add(Describe(await Attempt(() => BulkAsync(id, action, preview: false))));
            }
            // CSV import: settings, stock counts and a new product.
            // (B's warehouses are invisible under A's policy, so no warehouse columns: they would refuse the file before any SQL.)
            var csv = $"sku,name,low_stock_alert\n{b.Sku},Renamed,1\nNEW-IN-B,New,1\n";
            seen.Add(Describe(await Attempt(() => app.InStoreAsync(id, services => services.GetRequiredService<ProductImport>()
                .ApplyAsync(Encoding.UTF8.GetBytes(csv), "import.csv", CancellationToken.None)))));
            // "Revert this change" of B's bulk change (its plan and write-back name tenant_id; the policy is the second line).
            seen.Add(Describe(await Attempt(() => app.InStoreAsync(id, services => services.GetRequiredService<ChangeRevert>()
                .RevertAsync(b.Change, CancellationToken.None)))));
            // Report and forecasts.
            foreach (var view in Enum.GetValues<ReportView>())
            {
                seen.Add(Describe(await Attempt(() => app.InStoreAsync(id, services => services.GetRequiredService<StockReport>()
                    .RunAsync(new StockReportQuery(view), CancellationToken.None)))));
            }
            // The outbox: B has pending notifications; a delivery for B claims none of them.
            await Attempt(() => app.InStoreAsync(id, services => services.GetRequiredService<DeliverNotificationsJob>().RunAsync(id, CancellationToken.None)));
            // The webhook outbox: B has pending deliveries; a delivery for B claims none of them.
            await Attempt(() => app.InStoreAsync(id, services => services.GetRequiredService<DeliverWebhooksJob>().RunAsync(id, CancellationToken.None)));
            // Idempotency: B's stored key, claimed and completed again. The claim's INSERT ... ON CONFLICT names B and is
            // checked against A's policy before the conflict is: refused (42501), as it should be.
            seen.Add(Describe(await Attempt(() => app.InStoreAsync(id, async services =>
            {
                var db = services.GetRequiredService<StockDbContext>();
                var store = services.GetRequiredService<IdempotencyStore>();
                await using var transaction = await db.Database.BeginTransactionAsync(Ct);
                var earlier = await store.ClaimAsync(b.IdempotencyKey, [1, 2, 3], DateTimeOffset.UtcNow, CancellationToken.None);
                await store.CompleteAsync(b.IdempotencyKey, new StoredResponse(200, "text/plain", null, "stolen"), CancellationToken.None);
                await transaction.CommitAsync(Ct);
                return earlier;
            }))));
            // The API (key lookup, movement lookup, ledger, idempotency) and the pages, as B's own client.
            // Its idempotency claim inserts B's key under A's policy: refused by the database, so this request answers 500
            // and the app log shows "new row violates row-level security policy for table idempotency_keys" (expected:
            // it is this test's doing, not a bug; PooledConnectionRowLevelSecurityTests shows a real request never meets it).
            var movement = await api.PostJsonAsync("/api/v1/stock/movements", $$"""{"sku":"{{b.Sku}}","warehouse":"WH1","type":"receipt","quantity":3}""", "rls-1");
            seen.Add($"{movement.Status} {movement.Body}");
            movement.Status.Should().Be(HttpStatusCode.InternalServerError, "the claim of B's key is refused by A's policy");
            foreach (var url in new[] { "/api/v1/products", "/api/v1/stock", "/api/v1/alerts", "/api/v1/warehouses", $"/api/v1/products/{b.Sku}" })
            {
                var response = await api.GetJsonAsync(url);
                seen.Add($"{url} {response.Status} {response.Body}");
            }
            foreach (var url in new[] { "/", "/inventory/products", "/reports", "/orders", "/warehouses" })
            {
                var page = await client.GetAsync(url);
                seen.Add($"{url} {page.Status} {page.Document.DocumentElement.OuterHtml}");
            }
        }

        (await RowLevelSecurityTests.FingerprintAsync(app, b.Store.TenantId)).Should().Be(before, "nothing of B changed");
        // B's products are named with the secret (SKUs would not do: error messages echo the SKU the caller sent).
        seen.Should().NotContain(s => s.Contains(b.Secret, StringComparison.OrdinalIgnoreCase), "nothing of B was read");
    }

    [Fact]
    public async Task The_notification_sweep_reads_every_store_only_inside_its_cross_store_scope()
    {
        var b = await SeedAsync("S");
        var dispatcher = new RecordingDispatcher();

        // Acting for no store and outside the scope, the same statement finds nothing: the scope is what lets it through.
        var direct = await app.AcrossStoresAsync(db => db.Notifications.IgnoreQueryFilters().CountAsync(n => n.TenantId == b.Store.TenantId, Ct));
        var without = await app.InStoreAsync(Guid.NewGuid(), services =>
            services.GetRequiredService<StockDbContext>().Notifications.IgnoreQueryFilters().CountAsync(n => n.TenantId == b.Store.TenantId, Ct));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            await new SweepNotificationsJob(services.GetRequiredService<StockDbContext>(), services.GetRequiredService<CodRocket.Stock.Tenancy.ITenantContext>(),
                dispatcher, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<SweepNotificationsJob>.Instance).RunAsync(CancellationToken.None);
        }

        direct.Should().BeGreaterThan(0);
        without.Should().Be(0);
        dispatcher.Stores.Should().Contain(b.Store.TenantId);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class RecordingDispatcher : INotificationDispatcher
    {
        public List<Guid> Stores { get; } = [];

        public void Dispatch(Guid tenantId)
        {
            lock (Stores)
            {
                Stores.Add(tenantId);
            }
        }

        public void DispatchAt(Guid tenantId, DateTimeOffset at) => Dispatch(tenantId);
    }

    private sealed record Seeded(TestStore Store, Guid Warehouse, Guid Warehouse2, Guid Product, Guid Backordered, string Sku, string Secret,
        Guid Order, string ApiKey, string IdempotencyKey, Guid Change);

    /// <summary>A store with rows in every table the raw SQL touches: stock, alerts, notifications, orders, backorders, audit, keys.</summary>
    private async Task<Seeded> SeedAsync(string name)
    {
        var secret = $"SECRET-{Guid.NewGuid():N}"[..20];
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "WH1");
        var warehouse2 = await app.AddWarehouseAsync(store.TenantId, "WH2");
        var sku = $"{name}-{Guid.NewGuid():N}"[..12];
        var product = await app.AddProductAsync(store.TenantId, sku, threshold: 5);
        var backordered = await app.AddProductAsync(store.TenantId, sku + "-BO", threshold: 2);
        await app.InDbAsync(store.TenantId, db => db.Products.Where(p => p.Id == product || p.Id == backordered)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, secret)));
        await app.SetPolicyAsync(store.TenantId, backordered, OutOfStockPolicy.Backorder);
        await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, 20), StockChange.Receive(backordered, warehouse, 1));
        await app.SetWarehouseThresholdAsync(store.TenantId, product, warehouse, 3);
        var placed = (PlaceOrderResult.Placed)await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, (sku, 2)));
        await app.PlaceOrderAsync(store.TenantId, OrderSeeding.Draft(warehouse, (sku + "-BO", 4)));
        // Down to the threshold: an alert opens and notifications wait in the outbox.
        await app.ApplyAsync(store.TenantId, StockChange.Count(product, warehouse, 4, AdjustmentReason.Count, null));
        // An endpoint for every event, so each stock change above writes webhook rows (pending: nothing listens there).
        await app.InStoreAsync(store.TenantId, services => services.GetRequiredService<WebhookService>()
            .CreateAsync(new WebhookDraft("http://127.0.0.1:9/hook", WebhookEventTypes.All, null, true), CancellationToken.None));
        await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse2, 1));
        (await app.AcrossStoresAsync(db => db.WebhookDeliveries.IgnoreQueryFilters().CountAsync(d => d.TenantId == store.TenantId, CancellationToken.None))).Should().BeGreaterThan(0);
        var key = await app.CreateApiKeyAsync(store.TenantId);
        using var api = app.ApiClient(key);
        var idempotent = await api.PostJsonAsync("/api/v1/stock/movements", $$"""{"sku":"{{sku}}","warehouse":"WH2","type":"receipt","quantity":1}""", "seed-key");
        idempotent.Status.Should().Be(HttpStatusCode.Created, idempotent.Body);
        (await app.AcrossStoresAsync(db => db.Notifications.IgnoreQueryFilters().CountAsync(n => n.TenantId == store.TenantId, CancellationToken.None))).Should().BeGreaterThan(0);
        // A bulk change, for its revert to be tried.
        var change = await app.InStoreAsync(store.TenantId, async services => (await services.GetRequiredService<BulkProductChange>()
            .ApplyAsync(services.GetRequiredService<StockDbContext>().Products, BulkAction.SetThreshold(6, null), CancellationToken.None)).ChangeId!.Value);
        return new Seeded(store, warehouse, warehouse2, product, backordered, sku, secret, placed.Order.Id, key, "seed-key", change);
    }

    private Task<object?> BulkAsync(Guid tenantId, BulkAction action, bool preview) =>
        app.InStoreAsync<object?>(tenantId, async services =>
        {
            var db = services.GetRequiredService<StockDbContext>();
            var selection = new ProductFilter().Apply(db, null);
            var bulk = services.GetRequiredService<BulkProductChange>();
            return preview ? await bulk.PreviewAsync(selection, action, CancellationToken.None) : await bulk.ApplyAsync(selection, action, CancellationToken.None);
        });

    private static async Task<object?> Attempt(Func<Task> action) => await Attempt(async () =>
    {
        await action();
        return true;
    });

    /// <summary>The result, or the exception: refusing (a policy violation, "not found") is as good as finding nothing.</summary>
    private static async Task<object?> Attempt<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static string Describe(object? outcome) => outcome switch
    {
        null => "null",
        Exception e => e.GetType().Name + ": " + e.Message,
        _ => System.Text.Json.JsonSerializer.Serialize(outcome, outcome.GetType(), new System.Text.Json.JsonSerializerOptions
        {
            ReferenceHandler = System.Text.Json.Serialization.ReferenceHandler.IgnoreCycles,
        }),
    };

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodRocket.Stock.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("CodRocket.Stock.sln not found above " + AppContext.BaseDirectory);
    }

    // Statements the code builds itself: Npgsql batches and commands, and EF's raw-SQL doors.
    [GeneratedRegex(@"\bNpgsqlBatch\b|\bNpgsqlCommand\b|\bSql\.(Command|ExecuteAsync)\(|ExecuteSql|SqlQuery|FromSql")]
    private static partial Regex RawSql();
}
