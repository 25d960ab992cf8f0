namespace CodRocket.Stock.Inventory;

public enum StockStatus
{
    Ok,
    Low,
    Out,
    /// <summary>Below zero: warning-only orders took more than there was.</summary>
    Oversold,
    /// <summary>Never had stock on hand: not alerted (not out of stock) until its first receipt arms it.</summary>
    NotStocked,
}

public static class StockStatusRule
{
    /// <summary>
    /// Oversold below zero; out at zero; low at or below the threshold ("set 10 → alert at 10 or below"); otherwise
    /// ok. With no threshold a scope is never low, only out.
    /// </summary>
    public static StockStatus Of(int available, int? threshold) =>
        available < 0 ? StockStatus.Oversold
        : available == 0 ? StockStatus.Out
        : threshold is { } t && available <= t ? StockStatus.Low
        : StockStatus.Ok;

    /// <summary>As <see cref="Of(int, int?)"/>, and "not stocked yet" for a scope that has never had stock.</summary>
    public static StockStatus Of(int available, int? threshold, bool stocked) =>
        !stocked && available >= 0 ? StockStatus.NotStocked : Of(available, threshold);
}
