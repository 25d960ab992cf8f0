namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>"3 hours ago" style durations: English keys (ICU plural messages where the word changes) with their number, for <c>L[key].Plural(count)</c>.</summary>
public static class TimeText
{
    public static (string Key, int Count) Ago(DateTimeOffset then, DateTimeOffset now)
    {
        var elapsed = now - then;
        return elapsed.TotalMinutes switch
        {
            < 1 => ("just now", 0),
            < 60 => ("{0} min ago", (int)elapsed.TotalMinutes),
            < 60 * 24 => ("{0} h ago", (int)elapsed.TotalHours),
            _ => ("{0, plural, one {# day ago} other {# days ago}}", (int)elapsed.TotalDays),
        };
    }

    public static (string Key, int Count) Duration(TimeSpan span) => span.TotalMinutes switch
    {
        < 60 => ("{0} min", Math.Max(1, (int)span.TotalMinutes)),
        < 60 * 24 => ("{0} h", (int)span.TotalHours),
        _ => ("{0, plural, one {# day} other {# days}}", (int)span.TotalDays),
    };
}
