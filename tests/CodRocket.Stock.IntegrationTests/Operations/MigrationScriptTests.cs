using CodRocket.Stock.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace CodRocket.Stock.IntegrationTests.Operations;

/// <summary>
/// A DBA who reviews the schema change before it runs applies the SQL script (`dotnet ef migrations script`) rather
/// than `migrate`: the script must run on an empty database and leave it where `migrate` would.
/// </summary>
public class MigrationScriptTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_migration_script_builds_the_schema_from_nothing(bool idempotent)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync("script");
        await using var db = StockServiceCollectionExtensions.CreateOwnerContext(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Stock"] = database.ConnectionString })
            .Build());
        var script = db.GetService<IMigrator>().GenerateScript(
            options: idempotent ? MigrationsSqlGenerationOptions.Idempotent : MigrationsSqlGenerationOptions.Default);

        // An idempotent script may be run again over what it built.
        for (var run = 0; run < (idempotent ? 2 : 1); run++)
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand(script, connection);
            await command.ExecuteNonQueryAsync(ct);
        }

        (await db.Database.GetAppliedMigrationsAsync(ct)).Should().Equal(db.Database.GetMigrations());
        (await db.Database.GetPendingMigrationsAsync(ct)).Should().BeEmpty();
    }
}
