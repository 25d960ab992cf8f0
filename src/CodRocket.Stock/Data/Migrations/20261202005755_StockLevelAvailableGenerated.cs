using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <inheritdoc />
    public partial class StockLevelAvailableGenerated : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_stock_levels_oversold",
                table: "stock_levels");

            migrationBuilder.AddColumn<int>(
                name: "available",
                table: "stock_levels",
                type: "integer",
                nullable: false,
                computedColumnSql: "on_hand - reserved",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_stock_levels_oversold",
                table: "stock_levels",
                column: "tenant_id",
                filter: "available < 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_stock_levels_oversold",
                table: "stock_levels");

            migrationBuilder.DropColumn(
                name: "available",
                table: "stock_levels");

            migrationBuilder.CreateIndex(
                name: "ix_stock_levels_oversold",
                table: "stock_levels",
                column: "tenant_id",
                filter: "on_hand - reserved < 0");
        }
    }
}
