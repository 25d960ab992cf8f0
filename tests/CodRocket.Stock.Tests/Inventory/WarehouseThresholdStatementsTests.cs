using CodRocket.Stock.Inventory;
using NpgsqlTypes;

namespace CodRocket.Stock.Tests.Inventory;

/// <summary>The set-based twin of <see cref="WarehouseThreshold.Set"/>: which statements a batch of thresholds needs.
/// What they do in PostgreSQL is proven by the bulk-action and import integration tests.</summary>
public class WarehouseThresholdStatementsTests
{
    private static readonly Guid Store = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid[] Products = [Guid.NewGuid(), Guid.NewGuid()];
    private static readonly Guid[] Warehouses = [Guid.NewGuid(), Guid.NewGuid()];

    [Fact]
    public void Thresholds_set_and_cleared_together_take_an_upsert_then_a_clearing_update_over_the_same_rows()
    {
        int?[] thresholds = [12, null];

        var commands = WarehouseThreshold.Statements(Store, Products, Warehouses, thresholds, Now).ToList();

        commands.Should().HaveCount(2);
        commands[0].CommandText.Should().Contain("INSERT INTO stock_levels").And.Contain("ON CONFLICT");
        commands[1].CommandText.Should().StartWith("UPDATE stock_levels").And.Contain("low_stock_threshold = NULL");
        foreach (var command in commands)
        {
            command.Parameters.Select(p => p.Value).Should().Equal(Store, Products, Warehouses, thresholds, Now);
            command.Parameters[3].NpgsqlDbType.Should().Be(NpgsqlDbType.Array | NpgsqlDbType.Integer, "a null-only array still reads as int[]");
        }
    }

    [Fact]
    public void Only_thresholds_set_take_only_the_upsert() =>
        WarehouseThreshold.Statements(Store, Products, Warehouses, [1, 2], Now).Should().ContainSingle()
            .Which.CommandText.Should().Contain("INSERT INTO stock_levels");

    [Fact]
    public void Only_thresholds_cleared_take_only_the_update() =>
        WarehouseThreshold.Statements(Store, Products, Warehouses, [null, null], Now).Should().ContainSingle()
            .Which.CommandText.Should().StartWith("UPDATE stock_levels");

    [Theory]
    [InlineData(1, 2, 2)]
    [InlineData(2, 1, 2)]
    [InlineData(2, 2, 1)]
    public void Arrays_that_do_not_line_up_are_refused(int products, int warehouses, int thresholds)
    {
        var statements = () => WarehouseThreshold.Statements(
            Store, [.. Products.Take(products)], [.. Warehouses.Take(warehouses)], [.. new int?[] { 1, 2 }.Take(thresholds)], Now).ToList();

        statements.Should().Throw<ArgumentException>();
    }
}
