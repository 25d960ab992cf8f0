using System.Reflection;
using CodRocket.Stock.Inventory;
using NetArchTest.Rules;
using Npgsql;

namespace CodRocket.Stock.Tests.Architecture;

/// <summary>
/// The arrows between feature folders point one way: stock and settings changes (Inventory, Catalog, Orders) call
/// Alerts and Notifications through the unit of work; alerts decide, notifications deliver, and neither calls back.
/// (Notifications reads the alert's product and warehouse to compose a message: entity reads, not calls.)
/// </summary>
public class DependencyTests
{
    private static readonly Assembly Domain = typeof(StockWork).Assembly;

    [Theory]
    [InlineData("Alerts", "Notifications")]
    [InlineData("Alerts", "Orders")]
    [InlineData("Alerts", "Forecasting")]
    [InlineData("Notifications", "Orders")]
    [InlineData("Notifications", "Forecasting")]
    [InlineData("Webhooks", "Inventory")]
    [InlineData("Webhooks", "Orders")]
    [InlineData("Webhooks", "Alerts")]
    [InlineData("Inventory", "Orders")]
    [InlineData("Catalog", "Orders")]
    public void A_feature_does_not_depend_on_a_feature_downstream_of_it(string feature, string downstream)
    {
        var result = Types.InAssembly(Domain)
            .That().ResideInNamespace($"CodRocket.Stock.{feature}")
            .Should().NotHaveDependencyOnAny($"CodRocket.Stock.{downstream}")
            .GetResult();

        result.FailingTypes.Select(t => t.FullName).Should().BeEmpty($"{feature} must not reach into {downstream}");
    }

    [Fact]
    public void No_domain_method_but_a_private_one_takes_or_returns_a_database_connection()
    {
        var leaks = Domain.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsPrivate)
                .Where(m => m.ReturnType == typeof(NpgsqlConnection) || m.GetParameters().Any(p => p.ParameterType == typeof(NpgsqlConnection)))
                .Where(m => !t.Namespace!.StartsWith("CodRocket.Stock.Data", StringComparison.Ordinal))
                .Select(m => $"{t.FullName}.{m.Name}"))
            .ToList();

        leaks.Should().BeEmpty("domain code runs SQL through the unit of work or its DbContext, not a connection handed around");
    }

    [Fact]
    public void The_web_project_holds_no_SQL()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "CodRocket.Stock.Web");
        var offenders = Directory.EnumerateFiles(web, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f) is var text
                && (text.Contains("NpgsqlCommand", StringComparison.Ordinal) || text.Contains("NpgsqlBatch", StringComparison.Ordinal)
                    || text.Contains("ExecuteSql", StringComparison.Ordinal) || text.Contains("FromSql", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(web, f))
            .ToList();

        offenders.Should().BeEmpty("SQL lives in the domain, next to the rules it implements");
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CodRocket.Stock.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
    }
}
