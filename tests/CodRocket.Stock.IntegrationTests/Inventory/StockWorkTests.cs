using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CodRocket.Stock.IntegrationTests.Inventory;

/// <summary>The unit of work's promises: rolled back unless committed, dispatched only after its commit, joined explicitly.</summary>
public class StockWorkTests(StockApp app)
{
    [Fact]
    public async Task A_work_disposed_without_commit_changes_nothing_and_dispatches_nothing()
    {
        var (store, warehouse, product) = await StockedAsync();
        var dispatcher = new RecordingDispatcher(app.ConnectionString);

        await InWorkAsync(store, dispatcher, async stockWork =>
        {
            await using var work = await stockWork.BeginAsync([product], CancellationToken.None);
            var result = await work.ApplyAsync([StockChange.WriteOff(product, warehouse, 15, AdjustmentReason.Lost)], CancellationToken.None);
            result.Alerts!.Opened.Should().Be(1, "the write-off crosses the threshold inside the work");
        });

        (await app.LevelAsync(store, product, warehouse))!.OnHand.Should().Be(20);
        (await app.InDbAsync(store, db => db.StockAlerts.CountAsync())).Should().Be(0);
        (await app.InDbAsync(store, db => db.Notifications.CountAsync())).Should().Be(0);
        (await app.InDbAsync(store, db => db.StockMovements.CountAsync(m => m.Type == MovementType.Adjustment))).Should().Be(0);
        dispatcher.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task A_committed_work_dispatches_once_and_only_after_its_rows_are_committed()
    {
        var (store, warehouse, product) = await StockedAsync();
        var dispatcher = new RecordingDispatcher(app.ConnectionString);

        await InWorkAsync(store, dispatcher, async stockWork =>
        {
            await using var work = await stockWork.BeginAsync([product], CancellationToken.None);
            await work.ApplyAsync([StockChange.WriteOff(product, warehouse, 15, AdjustmentReason.Lost)], CancellationToken.None);
            dispatcher.Calls.Should().BeEmpty("nothing is dispatched before the commit");
            var outcome = await work.CommitAsync(CancellationToken.None);
            outcome.Opened.Should().Be(1);
            outcome.Notifications.Should().BeGreaterThan(0, "the owner is e-mailed");
        });

        dispatcher.Calls.Should().ContainSingle().Which.Should().Be((store, 1L),
            "one dispatch for the store, when its outbox row was already visible to another connection");
    }

    [Fact]
    public async Task Inside_the_request_work_a_work_is_a_savepoint_and_the_request_commit_dispatches()
    {
        var (store, warehouse, product) = await StockedAsync();
        var dispatcher = new RecordingDispatcher(app.ConnectionString);

        await InWorkAsync(store, dispatcher, async stockWork =>
        {
            await using var request = await stockWork.BeginRequestAsync(CancellationToken.None);
            await using (var first = await stockWork.BeginAsync([product], CancellationToken.None))
            {
                await first.ApplyAsync([StockChange.WriteOff(product, warehouse, 15, AdjustmentReason.Lost)], CancellationToken.None);
                await first.CommitAsync(CancellationToken.None);
            }
            dispatcher.Calls.Should().BeEmpty("the request has not committed yet");
            await using (var second = await stockWork.BeginAsync([product], CancellationToken.None))
            {
                await second.ApplyAsync([StockChange.Receive(product, warehouse, 100)], CancellationToken.None);
                // Left without a commit: back to the savepoint, the request's work goes on.
            }
            await request.CommitAsync(CancellationToken.None);
        });

        (await app.LevelAsync(store, product, warehouse))!.OnHand.Should().Be(5, "the first work committed with the request, the second rolled back");
        dispatcher.Calls.Should().ContainSingle().Which.Should().Be((store, 1L));
        (await app.AlertMismatchesAsync(store)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_change_to_a_product_the_work_did_not_lock_is_refused_before_anything_is_written()
    {
        var (store, warehouse, product) = await StockedAsync();
        var other = await app.AddProductAsync(store, "OTHER");

        var act = () => InWorkAsync(store, new RecordingDispatcher(app.ConnectionString), async stockWork =>
        {
            await using var work = await stockWork.BeginAsync([product], CancellationToken.None);
            await work.ApplyAsync([StockChange.Receive(other, warehouse, 5)], CancellationToken.None);
        });

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*not named when the work began*");
        (await app.LevelAsync(store, other, warehouse)).Should().BeNull();
    }

    [Fact]
    public async Task A_second_work_cannot_begin_while_one_is_open_in_the_same_scope()
    {
        var (store, _, product) = await StockedAsync();

        var act = () => InWorkAsync(store, new RecordingDispatcher(app.ConnectionString), async stockWork =>
        {
            await using var work = await stockWork.BeginAsync([product], CancellationToken.None);
            await using var nested = await stockWork.BeginAsync([product], CancellationToken.None);
        });

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*open already*");
    }

    [Fact]
    public async Task Audited_settings_are_recorded_field_by_field_and_evaluated_at_commit()
    {
        var (store, _, product) = await StockedAsync(threshold: null);

        await InWorkAsync(store, new RecordingDispatcher(app.ConnectionString), async stockWork =>
        {
            var db = stockWork.Db;
            await using var work = await stockWork.BeginAsync([product], CancellationToken.None);
            await work.AuditSettingsAsync(ChangeOrigin.ProductPage, CancellationToken.None);
            var entity = await db.Products.SingleAsync(p => p.Id == product);
            entity.UpdateStockSettings(new ProductStockSettings(25, true, null, 4, null, 1m), DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            var outcome = await work.CommitAsync(CancellationToken.None);
            outcome.Opened.Should().Be(1, "20 units are at or below the new threshold of 25");
        });

        var changes = await app.InDbAsync(store, db => db.SettingChanges.AsNoTracking().OrderBy(c => c.Field).Select(c => new { c.Field, c.OldValue, c.NewValue }).ToListAsync());
        changes.Should().BeEquivalentTo([
            new { Field = SettingField.LeadTimeDays, OldValue = (string?)null, NewValue = (string?)"4" },
            new { Field = SettingField.LowStockThreshold, OldValue = (string?)null, NewValue = (string?)"25" },
            new { Field = SettingField.SmsAlerts, OldValue = (string?)"false", NewValue = (string?)"true" },
        ], o => o.WithoutStrictOrdering());
        (await app.AlertMismatchesAsync(store)).Should().BeEmpty();
    }

    private async Task<(Guid Store, Guid Warehouse, Guid Product)> StockedAsync(int? threshold = 10)
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "W1");
        var product = await app.AddProductAsync(store.TenantId, "P1", threshold, (warehouse, 20));
        return (store.TenantId, warehouse, product);
    }

    /// <summary>A scope acting for the store, with a factory whose dispatches are recorded.</summary>
    private Task InWorkAsync(Guid store, RecordingDispatcher dispatcher, Func<TestFactory, Task> action) =>
        app.InStoreAsync(store, services => action(new TestFactory(
            services.GetRequiredService<StockDbContext>(),
            new StockWorkFactory(services.GetRequiredService<StockDbContext>(), services.GetRequiredService<ITenantContext>(), TimeProvider.System,
                services.GetRequiredService<IBackorderQueue>(), dispatcher, services.GetRequiredService<WebhookEvents>()))));

    private sealed record TestFactory(StockDbContext Db, StockWorkFactory Factory)
    {
        public Task<StockWork> BeginAsync(IEnumerable<Guid> ids, CancellationToken ct) => Factory.BeginAsync(ids, ct);

        public Task<StockWork> BeginRequestAsync(CancellationToken ct) => Factory.BeginRequestAsync(ct);
    }

    /// <summary>Records each dispatch with the number of pending notifications another connection sees at that moment.</summary>
    private sealed class RecordingDispatcher(string connectionString) : INotificationDispatcher
    {
        public List<(Guid Store, long Visible)> Calls { get; } = [];

        public void Dispatch(Guid tenantId)
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using var command = new NpgsqlCommand("SELECT count(*) FROM notifications WHERE tenant_id = $1 AND status = 'Pending'", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            Calls.Add((tenantId, Math.Min(1, (long)command.ExecuteScalar()!)));
        }

        public void DispatchAt(Guid tenantId, DateTimeOffset at) => Dispatch(tenantId);
    }
}
