using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace CodRocket.Stock.Tenancy;

/// <summary>
/// The time zones a store can be in: the system's IANA zones ("Africa/Casablanca"), the ids browsers report
/// (<c>Intl.DateTimeFormat().resolvedOptions().timeZone</c>) and the store's forecasts and morning summary read.
/// </summary>
public static class TimeZones
{
    public const string Default = "UTC";

    public static readonly IReadOnlyList<string> All =
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Append(Default).Distinct().Order(StringComparer.Ordinal).ToList();

    private static readonly FrozenSet<string> Ids = All.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// The first zone tzdata lists for each country (zone.tab: "MA → Africa/Casablanca", "FR → Europe/Paris"). .NET
    /// has no country-to-zone API; the file ships with the tzdata that <see cref="TimeZoneInfo"/> itself reads on Linux.
    /// Without it the guess is <see cref="Default"/>.
    /// </summary>
    private static readonly Lazy<FrozenDictionary<string, string>> FirstOfCountry = new(ReadZoneTab);

    public static bool IsSupported([NotNullWhen(true)] string? id) => id is not null && Ids.Contains(id);

    /// <summary>The zone a store in <paramref name="country"/> most likely keeps (the country's first one), else UTC.</summary>
    public static string OfCountry(string? country) =>
        country is not null && FirstOfCountry.Value.TryGetValue(country, out var zone) ? zone : Default;

    private static FrozenDictionary<string, string> ReadZoneTab()
    {
        var path = Path.Combine(Environment.GetEnvironmentVariable("TZDIR") is { Length: > 0 } dir ? dir : "/usr/share/zoneinfo", "zone.tab");
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                // "MA<TAB>+3339-00735<TAB>Africa/Casablanca[<TAB>comment]"; '#' starts a comment line.
                var columns = line.Split('\t');
                if (columns.Length >= 3 && !line.StartsWith('#') && IsSupported(columns[2]))
                {
                    first.TryAdd(columns[0], columns[2]);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No tzdata file (a trimmed image): every guess is UTC, and the person picks from the list.
        }
        return first.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
