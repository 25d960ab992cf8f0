using CodRocket.Stock.Alerts;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Testing;
using Npgsql;

namespace CodRocket.Stock.IntegrationTests.Rules;

/// <summary>
/// The SQL generated from a C# rule, run in PostgreSQL over a grid of values, gives what the C# rule gives: a rule
/// changed in C# alone fails here instead of drifting apart in the report.
/// </summary>
public class RuleSqlTests(StockApp app)
{
    [Fact]
    public async Task The_status_sql_gives_the_status_of_the_csharp_rule_for_every_combination()
    {
        var grid = (from available in new[] { -5, -1, 0, 1, 9, 10, 11, 500 }
                    from threshold in new int?[] { null, 0, 1, 10 }
                    from stocked in new[] { true, false }
                    select (Available: available, Threshold: threshold, Stocked: stocked)).ToList();

        var statuses = await QueryAsync(
            $"SELECT {StockStatusRule.Sql("x.a", "x.t", "x.s")} FROM unnest($1::int[], $2::int[], $3::boolean[]) WITH ORDINALITY AS x(a, t, s, n) ORDER BY x.n",
            r => (StockStatus)r.GetInt32(0),
            grid.Select(g => g.Available).ToArray(), grid.Select(g => g.Threshold).ToArray(), grid.Select(g => g.Stocked).ToArray());

        statuses.Should().Equal(grid.Select(g => StockStatusRule.Of(g.Available, g.Threshold, g.Stocked)));
        statuses.Distinct().Should().HaveCount(Enum.GetValues<StockStatus>().Length, "the grid reaches every status");
    }

    [Fact]
    public async Task The_suggestion_sql_gives_the_suggestion_of_the_csharp_formula_for_every_combination()
    {
        var grid = (from sold in new[] { -3, 0, 1, 7, 600, 1_000_000 }
                    from window in new[] { 1, 7, 30 }
                    from lead in new int?[] { null, 0, 1, 3, 365 }
                    from safety in new int?[] { null, 0, 5, 1_000_000 }
                    from productFactor in new[] { 0.1m, 1m, 1.5m, 1.333m, 10m }
                    from storeFactor in new[] { 1m, 1.2m, 0.5m }
                    select new ForecastInputs(0, 0, sold, window, null, lead, safety, productFactor, storeFactor)).ToList();

        var suggested = await QueryAsync(
            $"""
            SELECT {Forecast.SuggestionSql("x.sold", "x.w", "x.lead", "x.safety", "x.pf", "x.sf")}
            FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::numeric[], $6::numeric[]) WITH ORDINALITY AS x(sold, w, lead, safety, pf, sf, n)
            ORDER BY x.n
            """,
            r => r.IsDBNull(0) ? (int?)null : (int)r.GetDecimal(0),
            grid.Select(g => g.Sold).ToArray(), grid.Select(g => g.WindowDays).ToArray(), grid.Select(g => g.LeadTimeDays).ToArray(),
            grid.Select(g => g.SafetyStock).ToArray(), grid.Select(g => g.ProductFactor).ToArray(), grid.Select(g => g.StoreFactor).ToArray());

        suggested.Should().Equal(grid.Select(g => Forecast.Suggest(g).Value));
        suggested.Should().Contain(int.MaxValue, "the grid reaches the cap");
    }

    [Fact]
    public async Task The_low_sql_is_low_exactly_when_the_alert_rule_says_so()
    {
        var grid = (from archived in new[] { false, true }
                    from threshold in new int?[] { null, 0, 10 }
                    from available in new[] { -2, 0, 10, 11 }
                    from stocked in new[] { true, false }
                    select new ScopeState(archived, threshold, available, null, stocked)).ToList();

        var low = await QueryAsync(
            $"SELECT {ScopeState.IsLowSql("x.archived", "x.t", "x.a", "x.s")} FROM unnest($1::boolean[], $2::int[], $3::int[], $4::boolean[]) WITH ORDINALITY AS x(archived, t, a, s, n) ORDER BY x.n",
            r => r.GetBoolean(0),
            grid.Select(g => g.Archived).ToArray(), grid.Select(g => g.Threshold).ToArray(), grid.Select(g => g.Available).ToArray(), grid.Select(g => g.Stocked).ToArray());

        low.Should().Equal(grid.Select(g => g.IsLow));
        low.Should().Contain(true).And.Contain(false);
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params object[] arrays)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var array in arrays)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = array });
        }
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }
        return rows;
    }
}
