using CodRocket.Stock.Inventory;

namespace CodRocket.Stock.Tests.Inventory;

public class StockStatusRuleTests
{
    [Theory]
    [InlineData(11, 10, StockStatus.Ok)]
    [InlineData(10, 10, StockStatus.Low)] // "set 10 → alert at 10 or below"
    [InlineData(1, 10, StockStatus.Low)]
    [InlineData(0, 10, StockStatus.Out)]
    [InlineData(-3, 10, StockStatus.Oversold)]
    [InlineData(-1, null, StockStatus.Oversold)]
    [InlineData(0, 0, StockStatus.Out)]
    [InlineData(5, null, StockStatus.Ok)]
    [InlineData(0, null, StockStatus.Out)]
    public void Status_follows_available_stock_against_the_threshold(int available, int? threshold, StockStatus expected) =>
        StockStatusRule.Of(available, threshold).Should().Be(expected);
}
