using CodRocket.Stock.Catalog;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>The merchant words for each out-of-stock policy (English keys for the localizer).</summary>
public static class PolicyText
{
    public static string Name(OutOfStockPolicy policy) => policy switch
    {
        OutOfStockPolicy.Block => "Block orders",
        OutOfStockPolicy.Warn => "Warning only",
        OutOfStockPolicy.Backorder => "Auto-backorder",
        _ => policy.ToString(),
    };

    public static string Explanation(OutOfStockPolicy policy) => policy switch
    {
        OutOfStockPolicy.Block => "Orders asking for more than is available are refused.",
        OutOfStockPolicy.Warn => "The person creating the order sees a warning and may confirm; stock can go negative.",
        OutOfStockPolicy.Backorder => "Orders are accepted; the missing units are backordered and filled when stock arrives.",
        _ => "",
    };
}
