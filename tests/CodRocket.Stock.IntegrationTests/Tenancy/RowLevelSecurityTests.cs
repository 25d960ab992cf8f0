using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CodRocket.Stock.IntegrationTests.Tenancy;

/// <summary>
/// Row-level security, the second line of tenancy: whatever SQL the app sends, the database itself keeps a connection
/// to its store. (The test's own connections are the superuser's, which the policies do not bind: they act as the
/// app's role explicitly.)
/// </summary>
public class RowLevelSecurityTests(StockApp app)
{
    [Fact]
    public async Task Every_table_with_a_tenant_id_has_row_level_security_and_a_policy()
    {
        var tables = await StoreTablesAsync(app);
        using var scope = app.Services.CreateScope();
        var modelTables = scope.ServiceProvider.GetRequiredService<StockDbContext>().Model.GetEntityTypes()
            .Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType))
            .Select(t => t.GetTableName()!)
            .ToList();

        modelTables.Should().NotBeEmpty().And.OnlyContain(t => tables.Contains(t), "every store-owned entity's table has tenant_id");
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relname = ANY($1) AND c.relrowsecurity
              AND EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname AND p.cmd = 'ALL'
                          AND p.qual IS NOT NULL AND p.with_check IS NOT NULL)
            """, connection) { Parameters = { new() { Value = tables.ToArray() } } };
        var secured = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                secured.Add(reader.GetString(0));
            }
        }
        tables.Should().BeSubsetOf(secured, "a table with tenant_id needs ENABLE ROW LEVEL SECURITY and the store policy in its migration");
    }

    [Fact]
    public async Task A_connection_acting_as_the_app_with_no_store_set_reads_no_store_rows()
    {
        var b = await SeedStoreAsync(app);
        var tables = await StoreTablesAsync(app);

        await using var connection = await OpenAsync();
        (await CountAsync(connection, "stock_movements", b.TenantId)).Should().BeGreaterThan(0, "the owner sees the store's rows");
        // Never set (NULL), then set to '' (what a RESET leaves): both match no store.
        await ExecuteAsync(connection, $"SET ROLE {RowLevelSecurity.Role}");
        foreach (var table in tables)
        {
            (await CountAsync(connection, table, null)).Should().Be(0, table);
        }
        await ExecuteAsync(connection, $"SELECT set_config('{RowLevelSecurity.TenantSetting}', '', false)");
        foreach (var table in tables)
        {
            (await CountAsync(connection, table, null)).Should().Be(0, table);
        }
    }

    [Fact]
    public async Task A_connection_set_to_store_A_reads_none_of_store_Bs_rows_and_cannot_insert_update_or_delete_them()
    {
        var b = await SeedStoreAsync(app);
        var a = await SeedStoreAsync(app);
        var tables = await StoreTablesAsync(app);
        var before = await FingerprintAsync(app, b.TenantId);

        await using var connection = await OpenAsync();
        await ActAsAsync(connection, a.TenantId);
        foreach (var table in tables)
        {
            (await CountAsync(connection, table, b.TenantId)).Should().Be(0, table);
            (await ExecuteAsync(connection, $"UPDATE {table} SET tenant_id = tenant_id WHERE tenant_id = $1", b.TenantId)).Should().Be(0, table);
            (await ExecuteAsync(connection, $"DELETE FROM {table} WHERE tenant_id = $1", b.TenantId)).Should().Be(0, table);
        }
        (await CountAsync(connection, "products", a.TenantId)).Should().BeGreaterThan(0, "store A still sees its own rows");

        var insert = () => ExecuteAsync(connection,
            "INSERT INTO warehouses (tenant_id, id, name, code, is_active) VALUES ($1, gen_random_uuid(), 'x', 'STOLEN', true)",
            b.TenantId);
        (await insert.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
        var move = () => ExecuteAsync(connection, "UPDATE warehouses SET tenant_id = $1 WHERE tenant_id = $2", b.TenantId, a.TenantId);
        (await move.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);

        (await FingerprintAsync(app, b.TenantId)).Should().Be(before);
    }

    [Fact]
    public async Task The_apps_own_context_is_held_to_its_store_even_when_a_query_ignores_the_filter()
    {
        var b = await SeedStoreAsync(app);
        var a = await SeedStoreAsync(app);

        await using var scope = app.Services.CreateAsyncScope();
        var tenant = scope.ServiceProvider.GetRequiredService<ITenantContext>();
        var db = scope.ServiceProvider.GetRequiredService<StockDbContext>();
        // Opened before the store is known (as at the start of a request): the setting follows the tenant context.
        await db.Database.OpenConnectionAsync(Ct);
        (await db.Products.IgnoreQueryFilters().CountAsync(p => p.TenantId == b.TenantId, Ct)).Should().Be(0, "no store is set");
        tenant.Set(a.TenantId, null);
        (await db.Products.IgnoreQueryFilters().CountAsync(p => p.TenantId == b.TenantId, Ct)).Should().Be(0);
        (await db.Products.IgnoreQueryFilters().CountAsync(p => p.TenantId == a.TenantId, Ct)).Should().BeGreaterThan(0);
        using (tenant.CrossStore("test: the explicit bypass"))
        {
            (await db.Products.IgnoreQueryFilters().CountAsync(p => p.TenantId == b.TenantId, Ct)).Should().BeGreaterThan(0);
        }
        (await db.Products.IgnoreQueryFilters().CountAsync(p => p.TenantId == b.TenantId, Ct)).Should().Be(0, "the bypass ends with its scope");
        await db.Database.CloseConnectionAsync();
    }

    [Fact]
    public async Task The_setting_costs_one_statement_per_connection_open_and_none_per_query()
    {
        var a = await SeedStoreAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(a.TenantId, null);
        var db = scope.ServiceProvider.GetRequiredService<StockDbContext>();

        using var counter = SqlStatementCounter.Start();
        await db.Products.CountAsync(Ct);
        await db.Warehouses.CountAsync(Ct);
        var perOpen = counter.RowLevelSecuritySettings;
        await db.Database.OpenConnectionAsync(Ct);
        for (var i = 0; i < 3; i++)
        {
            await db.Products.CountAsync(Ct);
        }
        await db.Database.CloseConnectionAsync();

        perOpen.Should().Be(2, "EF opened the connection for each query");
        counter.RowLevelSecuritySettings.Should().Be(3, "one more open, however many queries it serves");
        counter.Count.Should().Be(5);
    }

    [Fact]
    public async Task A_rolled_back_transaction_does_not_leave_the_connection_with_a_stale_setting()
    {
        var b = await SeedStoreAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var tenant = scope.ServiceProvider.GetRequiredService<ITenantContext>();
        var db = scope.ServiceProvider.GetRequiredService<StockDbContext>();
        tenant.Set(b.TenantId, null);

        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            using (tenant.CrossStore("test: set inside a transaction that rolls back"))
            {
                (await db.Products.IgnoreQueryFilters().CountAsync(Ct)).Should().BeGreaterThan(0);
            }
            await transaction.RollbackAsync(Ct);
        }
        // The rollback reverted the session setting to what it was before the transaction: the app must not trust its memory.
        (await db.Products.CountAsync(Ct)).Should().BeGreaterThan(0);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static async Task<TestStore> SeedStoreAsync(StockApp app)
    {
        var store = await app.CreateStoreAsync();
        var warehouse = await app.AddWarehouseAsync(store.TenantId, "WH");
        var product = await app.AddProductAsync(store.TenantId, "SKU-1", threshold: 5);
        await app.ApplyAsync(store.TenantId, StockChange.Receive(product, warehouse, 9));
        await app.ApplyAsync(store.TenantId, StockChange.Count(product, warehouse, 2, AdjustmentReason.Damaged, null));
        return store;
    }

    /// <summary>Every table of the public schema with a tenant_id column.</summary>
    internal static async Task<List<string>> StoreTablesAsync(StockApp app)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT c.table_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id' ORDER BY 1
            """, connection);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }

    /// <summary>Every row of the store, in every store-owned table, as the owner sees it: equal before and after = nothing changed.</summary>
    internal static async Task<string> FingerprintAsync(StockApp app, Guid tenantId)
    {
        var tables = await StoreTablesAsync(app);
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var parts = new List<string>();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM {table} t WHERE tenant_id = $1", connection)
            {
                Parameters = { new() { Value = tenantId } },
            };
            parts.Add($"{table}={await command.ExecuteScalarAsync()}");
        }
        return string.Join("\n", parts);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        // Outside the app's pool: a connection of the test's own.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(app.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static Task<int> ActAsAsync(NpgsqlConnection connection, Guid tenantId) => ExecuteAsync(connection,
        $"SELECT set_config('role', '{RowLevelSecurity.Role}', false), set_config('{RowLevelSecurity.TenantSetting}', $1, false)", tenantId.ToString());

    private static async Task<long> CountAsync(NpgsqlConnection connection, string table, Guid? tenantId)
    {
        await using var command = new NpgsqlCommand(
            tenantId is null ? $"SELECT count(*) FROM {table}" : $"SELECT count(*) FROM {table} WHERE tenant_id = $1", connection);
        if (tenantId is not null)
        {
            command.Parameters.Add(new() { Value = tenantId });
        }
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new() { Value = value });
        }
        return await command.ExecuteNonQueryAsync();
    }
}
