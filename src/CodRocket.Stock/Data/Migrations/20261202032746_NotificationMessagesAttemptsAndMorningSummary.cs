using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <summary>
    /// What was sent (messages and attempts, with a classified failure reason), the claim's expiry, and the morning
    /// summary (store hour, the day it last went out, the member's choice). The two new store-owned tables get the
    /// store_isolation policy of 20261202004742_StoreRowLevelSecurity.
    /// </summary>
    public partial class NotificationMessagesAttemptsAndMorningSummary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "morning_summary",
                table: "users",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "morning_summary_hour",
                table: "tenants",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "morning_summary_sent_on",
                table: "tenants",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "claim_expires_at",
                table: "notifications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "failure",
                table: "notifications",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "message_id",
                table: "notifications",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "notification_messages",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    recipient = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    body = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_messages", x => new { x.tenant_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "notification_attempts",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    notification_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    attempted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    outcome = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    failure = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_attempts", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_notification_attempts_notification_messages_tenant_id_messa",
                        columns: x => new { x.tenant_id, x.message_id },
                        principalTable: "notification_messages",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_notification_attempts_notifications_tenant_id_notification_",
                        columns: x => new { x.tenant_id, x.notification_id },
                        principalTable: "notifications",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_notification_attempts_tenant_id_message_id",
                table: "notification_attempts",
                columns: new[] { "tenant_id", "message_id" });

            migrationBuilder.CreateIndex(
                name: "ix_notification_attempts_tenant_id_notification_id_attempted_at",
                table: "notification_attempts",
                columns: new[] { "tenant_id", "notification_id", "attempted_at" });

            foreach (var table in StoreTables)
            {
                migrationBuilder.Sql($"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;");
                migrationBuilder.Sql($"CREATE POLICY store_isolation ON {table} USING ({Policy}) WITH CHECK ({Policy});");
            }
        }

        private static readonly string[] StoreTables = ["notification_messages", "notification_attempts"];

        private const string Policy =
            "tenant_id = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid) OR (SELECT current_setting('app.cross_store', true) = 'on')";

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in StoreTables)
            {
                migrationBuilder.Sql($"DROP POLICY IF EXISTS store_isolation ON {table};");
            }
            migrationBuilder.DropTable(
                name: "notification_attempts");

            migrationBuilder.DropTable(
                name: "notification_messages");

            migrationBuilder.DropColumn(
                name: "morning_summary",
                table: "users");

            migrationBuilder.DropColumn(
                name: "morning_summary_hour",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "morning_summary_sent_on",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "claim_expires_at",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "failure",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "message_id",
                table: "notifications");
        }
    }
}
