using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <inheritdoc />
    public partial class FirstRunChecklistClosedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "first_run_closed_at",
                table: "tenants",
                type: "timestamp with time zone",
                nullable: true);

            // The checklist is for new stores: the ones already running when it shipped never see it.
            migrationBuilder.Sql("UPDATE tenants SET first_run_closed_at = now() WHERE first_run_closed_at IS NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "first_run_closed_at",
                table: "tenants");
        }
    }
}
