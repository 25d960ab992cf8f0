using CodRocket.Stock.Inventory;

namespace CodRocket.Stock.Tests.Inventory;

public class WarehouseTests
{
    [Fact]
    public void Codes_are_trimmed_and_upper_cased()
    {
        var warehouse = new Warehouse(" cas-1 ", " Casablanca ", "  ");

        warehouse.Code.Should().Be("CAS-1");
        warehouse.Name.Should().Be("Casablanca");
        warehouse.City.Should().BeNull();
        warehouse.IsActive.Should().BeTrue();
    }

    [Theory]
    [InlineData("", "Name")]
    [InlineData("WAYTOOLONGCODE123", "Name")]
    [InlineData("CAS", " ")]
    public void Blank_or_oversized_fields_are_rejected(string code, string name)
    {
        var create = () => new Warehouse(code, name, null);

        create.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Deactivating_and_activating_flip_the_flag()
    {
        var warehouse = new Warehouse("CAS", "Casablanca", null);

        warehouse.Deactivate();
        warehouse.IsActive.Should().BeFalse();
        warehouse.Activate();
        warehouse.IsActive.Should().BeTrue();
    }
}
