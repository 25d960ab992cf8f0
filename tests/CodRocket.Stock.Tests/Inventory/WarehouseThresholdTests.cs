using CodRocket.Stock.Catalog;
using CodRocket.Stock.Inventory;

namespace CodRocket.Stock.Tests.Inventory;

public class WarehouseThresholdTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Product = Guid.NewGuid();
    private static readonly Guid Rabat = Guid.NewGuid();

    [Fact]
    public void A_threshold_for_a_warehouse_without_a_stock_row_creates_an_empty_row_holding_it()
    {
        var created = WarehouseThreshold.Set(null, Product, Rabat, 25, Now);

        created.Should().NotBeNull();
        created!.ProductId.Should().Be(Product);
        created.WarehouseId.Should().Be(Rabat);
        created.LowStockThreshold.Should().Be(25);
        created.UpdatedAt.Should().Be(Now);
        (created.OnHand, created.Reserved, created.Available, created.Stocked).Should().Be((0, 0, 0, false));
    }

    [Fact]
    public void Clearing_the_threshold_of_a_warehouse_without_a_stock_row_creates_nothing() =>
        WarehouseThreshold.Set(null, Product, Rabat, null, Now).Should().BeNull();

    [Fact]
    public void An_existing_row_takes_the_new_threshold_and_no_row_is_added()
    {
        var existing = new StockLevel(Product, Rabat);
        existing.SetLowStockThreshold(5, Now.AddDays(-1));

        WarehouseThreshold.Set(existing, Product, Rabat, 8, Now).Should().BeNull();

        existing.LowStockThreshold.Should().Be(8);
        existing.UpdatedAt.Should().Be(Now);
    }

    [Fact]
    public void An_existing_row_can_have_its_threshold_cleared()
    {
        var existing = new StockLevel(Product, Rabat);
        existing.SetLowStockThreshold(5, Now.AddDays(-1));

        WarehouseThreshold.Set(existing, Product, Rabat, null, Now);

        existing.LowStockThreshold.Should().BeNull();
    }

    [Fact]
    public void Setting_the_threshold_a_row_already_has_leaves_it_untouched()
    {
        var yesterday = Now.AddDays(-1);
        var existing = new StockLevel(Product, Rabat);
        existing.SetLowStockThreshold(5, yesterday);

        WarehouseThreshold.Set(existing, Product, Rabat, 5, Now);

        existing.UpdatedAt.Should().Be(yesterday, "nothing changed, so nothing is written");
    }

    [Fact]
    public void A_threshold_out_of_bounds_is_refused_whether_the_row_exists_or_not()
    {
        var create = () => WarehouseThreshold.Set(null, Product, Rabat, StockLimits.MaxThreshold + 1, Now);
        var update = () => WarehouseThreshold.Set(new StockLevel(Product, Rabat), Product, Rabat, -1, Now);

        create.Should().Throw<ArgumentOutOfRangeException>();
        update.Should().Throw<ArgumentOutOfRangeException>();
    }
}
