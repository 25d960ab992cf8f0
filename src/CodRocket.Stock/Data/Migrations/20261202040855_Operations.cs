using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <summary>Issue 18 (operations). Written as SQL: neither part is in the EF model.</summary>
    public partial class Operations : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Readiness and the metrics count failed notifications across stores every few seconds: an index-only count
            // of the few failed rows instead of a scan of the whole outbox (the notification feature's model stays its own).
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS ix_notifications_failed ON notifications (tenant_id) WHERE status = 'Failed';");

            // Hangfire's tables are created by `migrate` right after this (as the owner, like these migrations); the app's
            // role gets DML on them, so a runtime login that is only a member of codrocket_app needs no DDL right at all.
            migrationBuilder.Sql("CREATE SCHEMA IF NOT EXISTS hangfire;");
            migrationBuilder.Sql("GRANT USAGE ON SCHEMA hangfire TO codrocket_app;");
            migrationBuilder.Sql("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA hangfire TO codrocket_app;");
            migrationBuilder.Sql("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA hangfire TO codrocket_app;");
            migrationBuilder.Sql("ALTER DEFAULT PRIVILEGES IN SCHEMA hangfire GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO codrocket_app;");
            migrationBuilder.Sql("ALTER DEFAULT PRIVILEGES IN SCHEMA hangfire GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO codrocket_app;");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER DEFAULT PRIVILEGES IN SCHEMA hangfire REVOKE ALL ON TABLES FROM codrocket_app;");
            migrationBuilder.Sql("ALTER DEFAULT PRIVILEGES IN SCHEMA hangfire REVOKE ALL ON SEQUENCES FROM codrocket_app;");
            migrationBuilder.Sql("REVOKE ALL ON ALL TABLES IN SCHEMA hangfire FROM codrocket_app;");
            migrationBuilder.Sql("REVOKE ALL ON ALL SEQUENCES IN SCHEMA hangfire FROM codrocket_app;");
            migrationBuilder.Sql("REVOKE USAGE ON SCHEMA hangfire FROM codrocket_app;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_notifications_failed;");
        }
    }
}
