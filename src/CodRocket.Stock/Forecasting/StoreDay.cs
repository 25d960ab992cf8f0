namespace CodRocket.Stock.Forecasting;

/// <summary>
/// Days as the store lives them: a sale at 00:30 in Casablanca belongs to that local day even though it is still
/// the previous day in UTC. Daily sales, the velocity window and forecast dates all count in store days.
/// </summary>
public static class StoreDay
{
    public static TimeZoneInfo Zone(string timeZoneId) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    public static DateOnly Of(DateTimeOffset instant, string timeZoneId) => Of(instant, Zone(timeZoneId));

    public static DateOnly Of(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The instant a local day starts (its midnight, or the first instant after a DST gap at midnight).</summary>
    public static DateTimeOffset Start(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
