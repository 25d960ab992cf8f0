using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <inheritdoc />
    public partial class NeedingAttentionIndexTieBreak : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_stock_alerts_needing_attention",
                table: "stock_alerts");

            migrationBuilder.CreateIndex(
                name: "ix_stock_alerts_needing_attention",
                table: "stock_alerts",
                columns: new[] { "tenant_id", "opened_at", "id" },
                descending: new[] { false, true, false },
                filter: "resolved_at IS NULL AND acknowledged_at IS NULL")
                .Annotation("Npgsql:IndexInclude", new[] { "snoozed_until" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_stock_alerts_needing_attention",
                table: "stock_alerts");

            migrationBuilder.CreateIndex(
                name: "ix_stock_alerts_needing_attention",
                table: "stock_alerts",
                columns: new[] { "tenant_id", "opened_at" },
                descending: new[] { false, true },
                filter: "resolved_at IS NULL AND acknowledged_at IS NULL")
                .Annotation("Npgsql:IndexInclude", new[] { "snoozed_until" });
        }
    }
}
