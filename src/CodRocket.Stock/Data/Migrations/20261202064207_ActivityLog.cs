using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <summary>
    /// Issue 18: Settings → Activity (sign-ins, lockouts, API keys, team and settings changes). A store-owned table: it
    /// gets the store_isolation policy of 20261202004742_StoreRowLevelSecurity.
    /// </summary>
    public partial class ActivityLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "activity_log",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    details = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    client = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_activity_log", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_activity_log_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_activity_log_tenant_id_at",
                table: "activity_log",
                columns: new[] { "tenant_id", "at" });

            migrationBuilder.Sql("ALTER TABLE activity_log ENABLE ROW LEVEL SECURITY;");
            migrationBuilder.Sql($"CREATE POLICY store_isolation ON activity_log USING ({Policy}) WITH CHECK ({Policy});");
        }

        private const string Policy =
            "tenant_id = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid) OR (SELECT current_setting('app.cross_store', true) = 'on')";

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP POLICY IF EXISTS store_isolation ON activity_log;");
            migrationBuilder.DropTable(
                name: "activity_log");
        }
    }
}
