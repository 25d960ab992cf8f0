using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <inheritdoc />
    public partial class StockLevelWarehouseIndexCoversProduct : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_stock_levels_tenant_id_warehouse_id",
                table: "stock_levels");

            migrationBuilder.CreateIndex(
                name: "ix_stock_levels_tenant_id_warehouse_id_product_id",
                table: "stock_levels",
                columns: new[] { "tenant_id", "warehouse_id", "product_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_stock_levels_tenant_id_warehouse_id_product_id",
                table: "stock_levels");

            migrationBuilder.CreateIndex(
                name: "ix_stock_levels_tenant_id_warehouse_id",
                table: "stock_levels",
                columns: new[] { "tenant_id", "warehouse_id" });
        }
    }
}
