using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <inheritdoc />
    public partial class ApiKeyScopesExpiryAndSeasonOverlap : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "expires_at",
                table: "api_keys",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "scopes",
                table: "api_keys",
                type: "integer",
                nullable: false,
                defaultValue: 7);

            // Seasons of one store never overlap, even when two requests add them at once: the database decides.
            // Seasons a race already doubled keep their oldest copy (ids are time-ordered).
            migrationBuilder.Sql(
                """
                CREATE EXTENSION IF NOT EXISTS btree_gist;
                DELETE FROM seasonal_periods later USING seasonal_periods earlier
                WHERE later.tenant_id = earlier.tenant_id AND later.id > earlier.id
                  AND daterange(later.starts_on, later.ends_on, '[]') && daterange(earlier.starts_on, earlier.ends_on, '[]');
                ALTER TABLE seasonal_periods ADD CONSTRAINT ex_seasonal_periods_no_overlap
                    EXCLUDE USING gist (tenant_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE seasonal_periods DROP CONSTRAINT ex_seasonal_periods_no_overlap;");

            migrationBuilder.DropColumn(
                name: "expires_at",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "scopes",
                table: "api_keys");
        }
    }
}
