using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using PhoneNumbers;

namespace CodRocket.Stock.Tenancy;

/// <summary>
/// The countries a store can be in (ISO 3166 codes that libphonenumber knows): a store's country reads its customers'
/// local phone numbers ("0612345678" is +212 612345678 in Morocco, +33 6 12 34 56 78 in France).
/// </summary>
public static class Countries
{
    public const int CodeLength = 2;

    private static readonly FrozenSet<string> Codes = PhoneNumberUtil.GetInstance().GetSupportedRegions().ToFrozenSet(StringComparer.Ordinal);

    public static bool IsSupported(string? code) => code is not null && Codes.Contains(code);

    /// <summary>Every country, named in <paramref name="culture"/>'s language and sorted as its readers sort.</summary>
    public static IReadOnlyList<(string Code, string Name)> All(CultureInfo culture) => Named.GetOrAdd(culture.Name, _ =>
    {
        var comparer = StringComparer.Create(culture, CompareOptions.IgnoreCase);
        return Codes.Select(code => (code, Name(code, culture))).OrderBy(c => c.Item2, comparer).ToList();
    });

    private static readonly ConcurrentDictionary<string, IReadOnlyList<(string Code, string Name)>> Named = new(StringComparer.Ordinal);

    /// <summary>The country of a language tag's region ("fr-FR" → FR), if it is one a store can be in.</summary>
    public static string? OfLanguageTag(string? tag)
    {
        try
        {
            return tag is { Length: > 0 } && new CultureInfo(tag) is { Name.Length: > 2 } culture
                && new RegionInfo(culture.Name).TwoLetterISORegionName is var code && IsSupported(code) ? code : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string Name(string code, CultureInfo culture)
    {
        try
        {
            // The region of a culture in that language ("fr-MA") is named in it: Maroc; RegionInfo("MA") would say المغرب.
            return new RegionInfo($"{culture.TwoLetterISOLanguageName}-{code}").DisplayName;
        }
        catch (ArgumentException)
        {
            return code;
        }
    }
}
