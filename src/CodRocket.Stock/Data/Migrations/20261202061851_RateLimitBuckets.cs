using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodRocket.Stock.Data.Migrations
{
    /// <summary>
    /// Issue 18: the API's rate limits hold across web nodes (docs/adr/0004). Written as SQL: neither part is in the EF
    /// model. The table is UNLOGGED (a crash only resets limits) and holds no store data, so no row-level-security policy.
    /// </summary>
    public partial class RateLimitBuckets : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE UNLOGGED TABLE rate_limit_buckets (
                    bucket text PRIMARY KEY,
                    tokens double precision NOT NULL,
                    refilled_at timestamptz NOT NULL
                );
                """);
            // Takes up to p_want tokens from every named bucket at once (a key's and its store's), granting only what all
            // of them allow and at most a quarter of what the emptiest holds (nodes leasing from a nearly empty bucket
            // share it). Rows are locked in name order (two takes of the same buckets cannot deadlock) and the refill is
            // computed from the database's clock after the locks are held.
            migrationBuilder.Sql(
                """
                CREATE FUNCTION rate_limit_take(p_buckets text[], p_capacities double precision[], p_rates double precision[], p_want integer)
                RETURNS TABLE (granted integer, available double precision[])
                LANGUAGE plpgsql AS $fn$
                DECLARE
                    v_now timestamptz;
                    v_avail double precision[] := '{}';
                    v_grant integer := p_want;
                    i integer;
                BEGIN
                    INSERT INTO rate_limit_buckets (bucket, tokens, refilled_at)
                    SELECT b, c, clock_timestamp() FROM unnest(p_buckets, p_capacities) AS t(b, c)
                    ON CONFLICT (bucket) DO NOTHING;
                    PERFORM 1 FROM rate_limit_buckets WHERE bucket = ANY (p_buckets) ORDER BY bucket FOR UPDATE;
                    v_now := clock_timestamp();
                    FOR i IN 1 .. cardinality(p_buckets) LOOP
                        v_avail[i] := (SELECT LEAST(p_capacities[i], r.tokens + GREATEST(0, EXTRACT(EPOCH FROM v_now - r.refilled_at)) * p_rates[i])
                                       FROM rate_limit_buckets r WHERE r.bucket = p_buckets[i]);
                        v_grant := LEAST(v_grant, GREATEST(1, floor(v_avail[i] / 4)::integer), floor(v_avail[i])::integer);
                    END LOOP;
                    FOR i IN 1 .. cardinality(p_buckets) LOOP
                        v_avail[i] := v_avail[i] - v_grant;
                        UPDATE rate_limit_buckets SET tokens = v_avail[i], refilled_at = GREATEST(refilled_at, v_now)
                        WHERE bucket = p_buckets[i];
                    END LOOP;
                    RETURN QUERY SELECT v_grant, v_avail;
                END
                $fn$;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS rate_limit_take(text[], double precision[], double precision[], integer);");
            migrationBuilder.Sql("DROP TABLE IF EXISTS rate_limit_buckets;");
        }
    }
}
