using System.Collections.Frozen;
using System.Globalization;

namespace CodRocket.Stock.Tenancy;

/// <summary>
/// The currencies a store can sell in: the ISO 4217 codes of the regions .NET knows (ICU), with how many decimals
/// each writes (MAD 2, JPY 0). A store has one currency; its prices and order totals are in it.
/// </summary>
public static class Currencies
{
    public const int CodeLength = 3;

    /// <summary>A store whose country gives no currency sells in the platform's home market's (Orders:DefaultPhoneRegion is MA).</summary>
    public const string Default = "MAD";

    private static readonly FrozenDictionary<string, int> Digits = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(culture => Region(culture.Name) is { } region ? (region.ISOCurrencySymbol, culture.NumberFormat.CurrencyDecimalDigits) : default)
        .Where(c => c.ISOCurrencySymbol is { Length: CodeLength } code && code.All(char.IsAsciiLetterUpper))
        .GroupBy(c => c.ISOCurrencySymbol, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.Min(c => c.CurrencyDecimalDigits), StringComparer.Ordinal);

    /// <summary>Every code, sorted.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Digits.Keys.Order(StringComparer.Ordinal)];

    public static bool IsSupported(string? code) => code is not null && Digits.ContainsKey(code);

    /// <summary>The decimals the currency writes (2 when unknown).</summary>
    public static int DecimalsOf(string currency) => Digits.GetValueOrDefault(currency, 2);

    /// <summary>The currency of a country (ISO 3166: MA → MAD, FR → EUR), if .NET knows it.</summary>
    public static string? OfCountry(string? country) =>
        country is { Length: Countries.CodeLength } && Region(country) is { } region && IsSupported(region.ISOCurrencySymbol) ? region.ISOCurrencySymbol : null;

    private static RegionInfo? Region(string name)
    {
        try
        {
            return new RegionInfo(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
