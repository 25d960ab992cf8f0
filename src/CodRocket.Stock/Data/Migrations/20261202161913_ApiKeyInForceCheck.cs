using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <summary>
    /// <c>api_key_in_force(store, key, at)</c>: raises SQLSTATE CR401 unless the key exists, is not revoked and has not
    /// expired at <c>at</c>. An API request whose key a node remembered (ApiKeyCache) sends it within the statement that
    /// sets row-level security at the head of its first batch (RowLevelSecurity.SetCommand), so revocation stays
    /// immediate across nodes without a lookup of its own. It runs as the schema's owner (SECURITY DEFINER), whom the
    /// policies do not bind: it must see the key whatever store the connection is set to, and it reads nothing else.
    /// </summary>
    public partial class ApiKeyInForceCheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION api_key_in_force(p_store uuid, p_key uuid, p_at timestamptz) RETURNS boolean
                LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
                BEGIN
                    PERFORM FROM api_keys k
                    WHERE k.tenant_id = p_store AND k.id = p_key AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > p_at);
                    IF NOT FOUND THEN
                        RAISE EXCEPTION 'API key % is revoked, expired or unknown', p_key USING ERRCODE = 'CR401';
                    END IF;
                    RETURN true;
                END
                $$;
                """);
            // Whoever the connection acts as when the statement starts: the owner (a fresh connection) or the app's role.
            migrationBuilder.Sql("REVOKE ALL ON FUNCTION api_key_in_force(uuid, uuid, timestamptz) FROM PUBLIC;");
            migrationBuilder.Sql("GRANT EXECUTE ON FUNCTION api_key_in_force(uuid, uuid, timestamptz) TO codrocket_app;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS api_key_in_force(uuid, uuid, timestamptz);");
        }
    }
}
