namespace CodRocket.Stock.Forecasting;

/// <summary>
/// The days sales velocity averages over: the store's window (7-365 days, 30 by default) ending today, today
/// included. Today is partial, but leaving it out would hide this morning's rush from a merchant who looks at noon.
/// </summary>
public readonly record struct SalesWindow(DateOnly Today, int Days)
{
    public DateOnly First => Today.AddDays(1 - Days);

    public bool Contains(DateOnly day) => day >= First && day <= Today;

    public IEnumerable<DateOnly> EachDay()
    {
        for (var day = First; day <= Today; day = day.AddDays(1))
        {
            yield return day;
        }
    }
}
