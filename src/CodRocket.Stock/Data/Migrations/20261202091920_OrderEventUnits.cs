using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderEventUnits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "units",
                table: "order_events",
                type: "integer",
                nullable: true);

            // Backorder fills written as English text ("3 units filled from arriving stock") become their number, so they
            // read in each reader's language like the new ones. A note that does not match stays as written.
            migrationBuilder.Sql(
                """
                SET LOCAL app.cross_store = 'on';
                UPDATE order_events
                SET units = substring(note FROM '^([0-9]{1,9}) units filled from arriving stock$')::int, note = NULL
                WHERE kind = 'BackorderFilled' AND note ~ '^[0-9]{1,9} units filled from arriving stock$';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                SET LOCAL app.cross_store = 'on';
                UPDATE order_events SET note = units || ' units filled from arriving stock'
                WHERE kind = 'BackorderFilled' AND units IS NOT NULL AND note IS NULL;
                """);
            migrationBuilder.DropColumn(
                name: "units",
                table: "order_events");
        }
    }
}
