using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <summary>
    /// Row-level security on every store-owned table (every table with tenant_id), for the role the app acts as
    /// (see Data/RowLevelSecurity.cs and docs/adr/0002-row-level-security.md). Runs as the owner of the schema, which
    /// the policies do not bind; a table added later needs the same two statements in its own migration (a test
    /// fails until it has them).
    /// </summary>
    public partial class StoreRowLevelSecurity : Migration
    {
        private static readonly string[] StoreTables =
        [
            "alert_events", "api_keys", "daily_sales", "idempotency_keys", "notifications", "order_events", "order_lines",
            "order_number_counters", "orders", "product_import_files", "products", "seasonal_periods", "setting_changes",
            "stock_alerts", "stock_levels", "stock_movements", "user_warehouses", "users", "warehouses",
        ];

        // The settings are read once per statement (an InitPlan), not once per row; '' (a custom setting after RESET)
        // and NULL (never set) both match no store.
        private const string Policy =
            "tenant_id = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid) OR (SELECT current_setting('app.cross_store', true) = 'on')";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Roles belong to the cluster, not the database: another database (or a concurrent migration) may have made it.
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'codrocket_app') THEN
                        CREATE ROLE codrocket_app NOLOGIN;
                    END IF;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN
                    NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("GRANT USAGE ON SCHEMA public TO codrocket_app;");
            migrationBuilder.Sql("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO codrocket_app;");
            migrationBuilder.Sql("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO codrocket_app;");
            migrationBuilder.Sql("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO codrocket_app;");
            migrationBuilder.Sql("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO codrocket_app;");
            // The owner switches to the role (SET ROLE) on each connection: it must be a member. A superuser needs no grant.
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                        AND NOT pg_has_role(current_user, 'codrocket_app', 'MEMBER') THEN
                        GRANT codrocket_app TO CURRENT_USER;
                    END IF;
                END
                $$;
                """);
            foreach (var table in StoreTables)
            {
                migrationBuilder.Sql($"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;");
                migrationBuilder.Sql($"CREATE POLICY store_isolation ON {table} USING ({Policy}) WITH CHECK ({Policy});");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in StoreTables)
            {
                migrationBuilder.Sql($"DROP POLICY IF EXISTS store_isolation ON {table};");
                migrationBuilder.Sql($"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;");
            }
            migrationBuilder.Sql("ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM codrocket_app;");
            migrationBuilder.Sql("ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM codrocket_app;");
            migrationBuilder.Sql("REVOKE USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public FROM codrocket_app;");
            migrationBuilder.Sql("REVOKE SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public FROM codrocket_app;");
            migrationBuilder.Sql("REVOKE USAGE ON SCHEMA public FROM codrocket_app;");
            // The role stays: it belongs to the cluster, and other databases on it may still use it.
        }
    }
}
