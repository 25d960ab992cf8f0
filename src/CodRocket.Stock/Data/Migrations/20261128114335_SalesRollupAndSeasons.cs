using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <inheritdoc />
    public partial class SalesRollupAndSeasons : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "sales_day",
                table: "orders",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.CreateTable(
                name: "daily_sales",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    product_id = table.Column<Guid>(type: "uuid", nullable: false),
                    warehouse_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    units = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_daily_sales", x => new { x.tenant_id, x.product_id, x.warehouse_id, x.day });
                    table.ForeignKey(
                        name: "fk_daily_sales_products_tenant_id_product_id",
                        columns: x => new { x.tenant_id, x.product_id },
                        principalTable: "products",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_daily_sales_warehouses_tenant_id_warehouse_id",
                        columns: x => new { x.tenant_id, x.warehouse_id },
                        principalTable: "warehouses",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "seasonal_periods",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "date", nullable: false),
                    factor = table.Column<decimal>(type: "numeric(6,3)", precision: 6, scale: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_seasonal_periods", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_seasonal_periods_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_daily_sales_tenant_id_day",
                table: "daily_sales",
                columns: new[] { "tenant_id", "day" })
                .Annotation("Npgsql:IndexInclude", new[] { "product_id", "warehouse_id", "units" });

            migrationBuilder.CreateIndex(
                name: "ix_daily_sales_tenant_id_warehouse_id",
                table: "daily_sales",
                columns: new[] { "tenant_id", "warehouse_id" });

            migrationBuilder.CreateIndex(
                name: "ix_seasonal_periods_tenant_id_starts_on",
                table: "seasonal_periods",
                columns: new[] { "tenant_id", "starts_on" });

            // Orders taken before the rollup existed: date them in their store's time zone (UTC when PostgreSQL does
            // not know the zone) and roll up what they still sell, as OrderService does from now on.
            migrationBuilder.Sql("""
                UPDATE orders o SET sales_day = (o.created_at AT TIME ZONE
                    COALESCE((SELECT z.name FROM pg_timezone_names z WHERE z.name = t.time_zone), 'UTC'))::date
                FROM tenants t WHERE t.id = o.tenant_id;
                INSERT INTO daily_sales (tenant_id, product_id, warehouse_id, day, units)
                SELECT o.tenant_id, l.product_id, o.warehouse_id, o.sales_day, SUM(l.quantity)
                FROM orders o JOIN order_lines l ON l.tenant_id = o.tenant_id AND l.order_id = o.id
                WHERE o.status NOT IN ('Cancelled', 'Returned')
                GROUP BY o.tenant_id, l.product_id, o.warehouse_id, o.sales_day;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "daily_sales");

            migrationBuilder.DropTable(
                name: "seasonal_periods");

            migrationBuilder.DropColumn(
                name: "sales_day",
                table: "orders");
        }
    }
}
