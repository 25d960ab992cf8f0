namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>Shows instants in the store's time zone (stored in UTC).</summary>
public sealed class StoreTime(string timeZoneId)
{
    private readonly TimeZoneInfo _zone = Find(timeZoneId);

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone);

    public string Format(DateTimeOffset instant) => Local(instant).ToString("g");

    private static TimeZoneInfo Find(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
