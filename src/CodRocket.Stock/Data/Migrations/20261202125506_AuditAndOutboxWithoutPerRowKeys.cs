using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <summary>
    /// The settings audit and the alert outbox lose their foreign keys, one check per written row (ADR 0005), and the
    /// audit the three indexes that only served those keys.
    /// </summary>
    public partial class AuditAndOutboxWithoutPerRowKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_notifications_stock_alerts_tenant_id_alert_id",
                table: "notifications");

            migrationBuilder.DropForeignKey(
                name: "fk_setting_changes_api_keys_tenant_id_api_key_id",
                table: "setting_changes");

            migrationBuilder.DropForeignKey(
                name: "fk_setting_changes_asp_net_users_tenant_id_user_id",
                table: "setting_changes");

            migrationBuilder.DropForeignKey(
                name: "fk_setting_changes_products_tenant_id_product_id",
                table: "setting_changes");

            migrationBuilder.DropForeignKey(
                name: "fk_setting_changes_setting_change_batches_tenant_id_batch_id",
                table: "setting_changes");

            migrationBuilder.DropForeignKey(
                name: "fk_setting_changes_warehouses_tenant_id_warehouse_id",
                table: "setting_changes");

            migrationBuilder.DropIndex(
                name: "ix_setting_changes_tenant_id_api_key_id",
                table: "setting_changes");

            migrationBuilder.DropIndex(
                name: "ix_setting_changes_tenant_id_user_id",
                table: "setting_changes");

            migrationBuilder.DropIndex(
                name: "ix_setting_changes_tenant_id_warehouse_id",
                table: "setting_changes");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_setting_changes_tenant_id_api_key_id",
                table: "setting_changes",
                columns: new[] { "tenant_id", "api_key_id" });

            migrationBuilder.CreateIndex(
                name: "ix_setting_changes_tenant_id_user_id",
                table: "setting_changes",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_setting_changes_tenant_id_warehouse_id",
                table: "setting_changes",
                columns: new[] { "tenant_id", "warehouse_id" });

            migrationBuilder.AddForeignKey(
                name: "fk_notifications_stock_alerts_tenant_id_alert_id",
                table: "notifications",
                columns: new[] { "tenant_id", "alert_id" },
                principalTable: "stock_alerts",
                principalColumns: new[] { "tenant_id", "id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_setting_changes_api_keys_tenant_id_api_key_id",
                table: "setting_changes",
                columns: new[] { "tenant_id", "api_key_id" },
                principalTable: "api_keys",
                principalColumns: new[] { "tenant_id", "id" },
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_setting_changes_asp_net_users_tenant_id_user_id",
                table: "setting_changes",
                columns: new[] { "tenant_id", "user_id" },
                principalTable: "users",
                principalColumns: new[] { "tenant_id", "id" },
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_setting_changes_products_tenant_id_product_id",
                table: "setting_changes",
                columns: new[] { "tenant_id", "product_id" },
                principalTable: "products",
                principalColumns: new[] { "tenant_id", "id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_setting_changes_setting_change_batches_tenant_id_batch_id",
                table: "setting_changes",
                columns: new[] { "tenant_id", "batch_id" },
                principalTable: "setting_change_batches",
                principalColumns: new[] { "tenant_id", "id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_setting_changes_warehouses_tenant_id_warehouse_id",
                table: "setting_changes",
                columns: new[] { "tenant_id", "warehouse_id" },
                principalTable: "warehouses",
                principalColumns: new[] { "tenant_id", "id" },
                onDelete: ReferentialAction.Restrict);
        }
    }
}
