using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;

namespace CodRocket.Stock.Testing;

/// <summary>
/// A fresh, empty database for one test run. The server comes from <c>ConnectionStrings__Stock</c> when set
/// (scripts/test.sh provisions one); otherwise from a Testcontainers PostgreSQL where Docker exists.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;
    private readonly PostgreSqlContainer? _container;
    private readonly string _name;

    private TestDatabase(string serverConnectionString, PostgreSqlContainer? container, string name)
    {
        _serverConnectionString = serverConnectionString;
        _container = container;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString)
        {
            Database = name,
            MaxPoolSize = 120,
            IncludeErrorDetail = true,
        }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string purpose)
    {
        PostgreSqlContainer? container = null;
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Stock");
        if (string.IsNullOrWhiteSpace(server))
        {
            try
            {
                container = new PostgreSqlBuilder("postgres:15-alpine").Build();
                await container.StartAsync();
            }
            catch (DockerUnavailableException e)
            {
                throw new InvalidOperationException(
                    "No PostgreSQL for the tests: set ConnectionStrings__Stock to a server (scripts/test.sh provisions one) or start Docker.", e);
            }
            server = container.GetConnectionString();
        }
        var name = $"test_{purpose}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new TestDatabase(server, container, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_container is null && Environment.GetEnvironmentVariable("KEEP_DATABASE") == "1")
        {
            // For profiling a benchmark's data afterwards (EXPLAIN, pg_stat_statements): drop it by hand.
            Console.Error.WriteLine($"KEEP_DATABASE=1: database {_name} kept.");
            return;
        }
        try
        {
            await using var connection = new NpgsqlConnection(_serverConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        finally
        {
            if (_container is not null)
            {
                await _container.DisposeAsync();
            }
        }
    }
}
