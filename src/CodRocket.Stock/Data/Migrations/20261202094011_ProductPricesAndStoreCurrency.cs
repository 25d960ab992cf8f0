using System.Globalization;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProductPricesAndStoreCurrency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "currency",
                table: "tenants",
                type: "character(3)",
                fixedLength: true,
                maxLength: 3,
                nullable: false,
                defaultValue: "MAD");

            migrationBuilder.AddColumn<decimal>(
                name: "price",
                table: "products",
                type: "numeric(12,2)",
                precision: 12,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "currency",
                table: "orders",
                type: "character(3)",
                fixedLength: true,
                maxLength: 3,
                nullable: false,
                defaultValue: "MAD");

            migrationBuilder.AddColumn<decimal>(
                name: "unit_price",
                table: "order_lines",
                type: "numeric(12,2)",
                precision: 12,
                scale: 2,
                nullable: true);

            // A store that names its country sells in that country's currency (MA → MAD, FR → EUR); the others keep the
            // default. Orders taken so far are in their store's currency. The tables are under row-level security even for
            // their owner: this transaction reads and writes across stores, visibly.
            var byCountry = Countries.All(CultureInfo.InvariantCulture)
                .Select(c => (c.Code, Currency: Currencies.OfCountry(c.Code)))
                .Where(c => c.Currency is not null)
                .Select(c => $"('{c.Code}', '{c.Currency}')");
            migrationBuilder.Sql(
                $"""
                SET LOCAL app.cross_store = 'on';
                UPDATE tenants t SET currency = m.currency
                FROM (VALUES {string.Join(", ", byCountry)}) AS m(country, currency)
                WHERE t.country = m.country;
                UPDATE orders o SET currency = t.currency FROM tenants t WHERE o.tenant_id = t.id AND o.currency <> t.currency;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "currency",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "price",
                table: "products");

            migrationBuilder.DropColumn(
                name: "currency",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "unit_price",
                table: "order_lines");
        }
    }
}
