using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <summary>
    /// Readiness and the metrics count failed notifications across stores every few seconds: a partial index keeps
    /// that an index-only count of the few failed rows instead of a scan of the whole outbox. Written as SQL rather
    /// than in the model so the notification feature's configuration stays its own (issue 18 touches only readiness).
    /// </summary>
    public partial class OperationsFailedNotificationsIndex : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS ix_notifications_failed ON notifications (tenant_id) WHERE status = 'Failed';");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_notifications_failed;");
        }
    }
}
