using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <inheritdoc />
    public partial class OperatorAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "is_operator",
                table: "users",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Sign-up now asks new owners to confirm their address before alert e-mail goes there. Owners who signed
            // up before that keep receiving their alerts (turning them off silently would surprise them with an
            // empty shelf); the dashboard asks only the owners who sign up from now on.
            migrationBuilder.Sql("UPDATE users SET email_confirmed = true WHERE role = 'Owner' AND NOT email_confirmed;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "is_operator",
                table: "users");
        }
    }
}
