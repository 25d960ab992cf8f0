using System.Net;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CodRocket.Stock.IntegrationTests.Catalog;

/// <summary>
/// The settings audit and the alert outbox have no foreign keys (ADR 0005): what the keys gave, the app must give. An
/// audit row names a product of its own store only; the history of a product deleted by hand stays and its pages
/// still answer; and no per-row key check comes back on those tables.
/// </summary>
public class AuditIntegrityTests(StockApp app)
{
    [Fact]
    public async Task A_work_in_one_store_naming_another_stores_product_audits_and_changes_none_of_it()
    {
        var mine = await app.CreateStoreAsync("Audit mine");
        var theirs = await app.CreateStoreAsync("Audit theirs");
        var own = await app.AddProductAsync(mine.TenantId, "OWN-1", threshold: 3);
        var foreign = await app.AddProductAsync(theirs.TenantId, "FOREIGN-1", threshold: 3);

        await app.ChangeInWorkAsync(mine.TenantId, [own, foreign],
            db => db.Products.ExecuteUpdateAsync(s => s.SetProperty(p => p.LowStockThreshold, 9)), ChangeOrigin.BulkAction);

        var audited = await AuditedAsync(mine.TenantId, theirs.TenantId);
        audited.Should().Equal([(mine.TenantId, own, true)], "one row, for the store's own product, and its product is the store's");
        (await app.InDbAsync(theirs.TenantId, db => db.Products.Where(p => p.Id == foreign).Select(p => p.LowStockThreshold).SingleAsync()))
            .Should().Be(3);
    }

    [Fact]
    public async Task The_history_of_a_product_deleted_by_hand_stays_and_its_change_page_history_and_revert_still_answer()
    {
        var store = await app.CreateStoreAsync("Audit deleted");
        var kept = await app.AddProductAsync(store.TenantId, "KEPT-1", threshold: 1);
        var gone = await app.AddProductAsync(store.TenantId, "GONE-1", threshold: 2);
        var change = (await BulkTesting.ApplyAsync(app, store.TenantId, BulkAction.SetThreshold(10, null))).ChangeId!.Value;
        await using (var owner = new NpgsqlConnection(app.ConnectionString))
        {
            await owner.OpenAsync(TestContext.Current.CancellationToken);
            await using var delete = new NpgsqlCommand("DELETE FROM products WHERE tenant_id = $1 AND id = $2", owner)
            {
                Parameters = { new() { Value = store.TenantId }, new() { Value = gone } },
            };
            (await delete.ExecuteNonQueryAsync(TestContext.Current.CancellationToken)).Should().Be(1);
        }
        using var client = await app.SignInAsync(store);

        var page = await client.GetAsync($"/inventory/products/changes/{change}");
        var history = await client.GetAsync($"/inventory/products/{kept}/history");
        var revert = await app.InStoreAsync(store.TenantId, services =>
            services.GetRequiredService<ChangeRevert>().RevertAsync(change, CancellationToken.None), store.OwnerId);

        (await AuditedAsync(store.TenantId)).Should().Contain((store.TenantId, gone, false), "the history outlives the product");
        page.Status.Should().Be(HttpStatusCode.OK);
        page.Text.Should().Contain("KEPT-1").And.NotContain("GONE-1");
        history.Status.Should().Be(HttpStatusCode.OK);
        revert.Should().BeOfType<RevertResult.Reverted>().Which.Products.Should().Be(1, "only the product still there is put back");
        (await app.InDbAsync(store.TenantId, db => db.Products.Select(p => p.LowStockThreshold).SingleAsync())).Should().Be(1);
        (await app.AlertMismatchesAsync(store.TenantId)).Should().BeEmpty();
    }

    [Fact]
    public async Task The_settings_audit_and_the_alert_outbox_fire_no_per_row_trigger()
    {
        await using var owner = new NpgsqlConnection(app.ConnectionString);
        await owner.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT c.relname || ': ' || t.tgname
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc f ON f.oid = t.tgfoid
            WHERE c.relname IN ('setting_changes', 'notifications', 'products') AND c.relnamespace = 'public'::regnamespace
              AND f.proname = 'RI_FKey_check_ins'
            ORDER BY 1
            """, owner);
        var triggers = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                triggers.Add(reader.GetString(0));
            }
        }

        triggers.Should().ContainSingle(t => t.StartsWith("products: ", StringComparison.Ordinal),
            "the query finds the key checks that exist (the product's key to its store)");
        triggers.Should().NotContain(t => !t.StartsWith("products: ", StringComparison.Ordinal),
            "a key checked per audit or outbox row was most of a bulk action's time (ADR 0005)");
    }

    /// <summary>The audit rows of the stores, across row-level security: store, product, and whether the product is the store's.</summary>
    private async Task<List<(Guid Tenant, Guid Product, bool OwnProduct)>> AuditedAsync(params Guid[] tenants)
    {
        await using var owner = new NpgsqlConnection(app.ConnectionString);
        await owner.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT c.tenant_id, c.product_id, EXISTS (SELECT 1 FROM products p WHERE p.tenant_id = c.tenant_id AND p.id = c.product_id)
            FROM setting_changes c WHERE c.tenant_id = ANY($1) ORDER BY c.id
            """, owner)
        {
            Parameters = { new() { Value = tenants } },
        };
        var rows = new List<(Guid, Guid, bool)>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetBoolean(2)));
        }
        return rows;
    }
}
