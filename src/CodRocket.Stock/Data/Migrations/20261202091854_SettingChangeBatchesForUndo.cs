using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <summary>
    /// Issue 19, item 2 (Undo): a bulk action, an import and a revert are each one change, setting_change_batches, whose
    /// id the settings history rows carry (setting_changes.batch_id); reverts_id is unique, so a change is reverted once.
    /// A store-owned table: it gets the store_isolation policy of 20261202004742_StoreRowLevelSecurity.
    /// </summary>
    public partial class SettingChangeBatchesForUndo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "batch_id",
                table: "setting_changes",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "setting_change_batches",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    label = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reverts_id = table.Column<Guid>(type: "uuid", nullable: true),
                    skipped_changed = table.Column<int>(type: "integer", nullable: false),
                    skipped_archived = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_setting_change_batches", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_setting_change_batches_asp_net_users_tenant_id_user_id",
                        columns: x => new { x.tenant_id, x.user_id },
                        principalTable: "users",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_setting_change_batches_setting_change_batches_tenant_id_rev",
                        columns: x => new { x.tenant_id, x.reverts_id },
                        principalTable: "setting_change_batches",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_setting_change_batches_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_setting_changes_tenant_id_batch_id",
                table: "setting_changes",
                columns: new[] { "tenant_id", "batch_id" });

            migrationBuilder.CreateIndex(
                name: "ix_setting_change_batches_tenant_id_reverts_id",
                table: "setting_change_batches",
                columns: new[] { "tenant_id", "reverts_id" },
                unique: true,
                filter: "reverts_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_setting_change_batches_tenant_id_user_id",
                table: "setting_change_batches",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.AddForeignKey(
                name: "fk_setting_changes_setting_change_batches_tenant_id_batch_id",
                table: "setting_changes",
                columns: new[] { "tenant_id", "batch_id" },
                principalTable: "setting_change_batches",
                principalColumns: new[] { "tenant_id", "id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.Sql("ALTER TABLE setting_change_batches ENABLE ROW LEVEL SECURITY;");
            migrationBuilder.Sql($"CREATE POLICY store_isolation ON setting_change_batches USING ({Policy}) WITH CHECK ({Policy});");
        }

        private const string Policy =
            "tenant_id = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid) OR (SELECT current_setting('app.cross_store', true) = 'on')";

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP POLICY IF EXISTS store_isolation ON setting_change_batches;");

            migrationBuilder.DropForeignKey(
                name: "fk_setting_changes_setting_change_batches_tenant_id_batch_id",
                table: "setting_changes");

            migrationBuilder.DropTable(
                name: "setting_change_batches");

            migrationBuilder.DropIndex(
                name: "ix_setting_changes_tenant_id_batch_id",
                table: "setting_changes");

            migrationBuilder.DropColumn(
                name: "batch_id",
                table: "setting_changes");
        }
    }
}
