using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <inheritdoc />
    public partial class AlertPacingAndWhatsApp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "whats_app_stock_alerts",
                table: "users",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "critical_alerts_per_hour",
                table: "tenants",
                type: "integer",
                nullable: false,
                defaultValue: 10); // Tenant.DefaultCriticalAlertsPerHour, for the stores that exist

            migrationBuilder.AddColumn<int>(
                name: "digest_window_seconds",
                table: "tenants",
                type: "integer",
                nullable: false,
                defaultValue: 120); // Tenant.DefaultDigestWindowSeconds, for the stores that exist

            migrationBuilder.AddColumn<bool>(
                name: "in_summary",
                table: "notifications",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_notifications_alert_pacing",
                table: "notifications",
                columns: new[] { "tenant_id", "channel", "recipient", "claimed_at" },
                filter: "kind = 'Alert' AND claimed_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_notifications_alert_pacing",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "whats_app_stock_alerts",
                table: "users");

            migrationBuilder.DropColumn(
                name: "critical_alerts_per_hour",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "digest_window_seconds",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "in_summary",
                table: "notifications");
        }
    }
}
