using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <inheritdoc />
    public partial class StoreOrderNumbersSkuCaseStockedScopesAlertSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:CollationDefinition:sku_case_insensitive", "und-u-ks-level2,und-u-ks-level2,icu,False");

            migrationBuilder.AddColumn<bool>(
                name: "stocked",
                table: "stock_levels",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "available_at_escalation",
                table: "stock_alerts",
                type: "integer",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "sku",
                table: "products",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                collation: "sku_case_insensitive",
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

            migrationBuilder.AlterColumn<long>(
                name: "number",
                table: "orders",
                type: "bigint",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "bigint",
                oldDefaultValueSql: "nextval('order_numbers')");

            migrationBuilder.DropSequence(
                name: "order_numbers");

            migrationBuilder.CreateTable(
                name: "order_number_counters",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    last_number = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_number_counters", x => x.tenant_id);
                    table.ForeignKey(
                        name: "fk_order_number_counters_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Each store continues from its highest number so far; its next order gets the next one.
            migrationBuilder.Sql(
                """
                INSERT INTO order_number_counters (tenant_id, last_number)
                SELECT tenant_id, max(number) FROM orders GROUP BY tenant_id;
                """);
            // A scope that ever had stock on hand is armed; one that never had any stays "not stocked yet".
            migrationBuilder.Sql(
                """
                UPDATE stock_levels s SET stocked = true
                WHERE s.on_hand > 0
                   OR EXISTS (SELECT 1 FROM stock_movements m
                              WHERE m.tenant_id = s.tenant_id AND m.product_id = s.product_id
                                AND m.warehouse_id = s.warehouse_id AND m.on_hand_after > 0);
                """);
            migrationBuilder.Sql(
                """
                UPDATE stock_alerts a SET available_at_escalation = e.available
                FROM alert_events e
                WHERE e.tenant_id = a.tenant_id AND e.alert_id = a.id AND e.kind = 'Escalated';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "order_number_counters");

            migrationBuilder.DropColumn(
                name: "stocked",
                table: "stock_levels");

            migrationBuilder.DropColumn(
                name: "available_at_escalation",
                table: "stock_alerts");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:CollationDefinition:sku_case_insensitive", "und-u-ks-level2,und-u-ks-level2,icu,False");

            migrationBuilder.CreateSequence(
                name: "order_numbers",
                startValue: 1001L);

            migrationBuilder.AlterColumn<string>(
                name: "sku",
                table: "products",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64,
                oldCollation: "sku_case_insensitive");

            migrationBuilder.AlterColumn<long>(
                name: "number",
                table: "orders",
                type: "bigint",
                nullable: false,
                defaultValueSql: "nextval('order_numbers')",
                oldClrType: typeof(long),
                oldType: "bigint");
        }
    }
}
