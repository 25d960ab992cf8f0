namespace CodRocket.Stock.Catalog;

/// <summary>What happens when an order line asks for more than is available.</summary>
public enum OutOfStockPolicy
{
    /// <summary>The order is refused.</summary>
    Block,
    /// <summary>The order goes through after the person creating it confirms; stock may go negative.</summary>
    Warn,
    /// <summary>The order is accepted; the short quantity waits for the next receipt.</summary>
    Backorder,
}
