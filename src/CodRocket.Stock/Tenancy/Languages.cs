using System.Globalization;

namespace CodRocket.Stock.Tenancy;

/// <summary>The languages the product speaks. A user may choose one; else the store's applies.</summary>
public static class Languages
{
    public const string Default = "en";

    /// <summary>Code and the language's own name (a French speaker looks for "Français", whatever the page's language).</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> All = [("en", "English"), ("fr", "Français")];

    public static bool IsSupported(string? code) => code is not null && All.Any(l => l.Code == code);

    /// <summary>The culture for <paramref name="code"/>; English for anything unknown.</summary>
    public static CultureInfo Culture(string? code) => CultureInfo.GetCultureInfo(IsSupported(code) ? code! : Default);

    /// <summary>Runs <paramref name="action"/> with <paramref name="culture"/> as the current (UI) culture, then restores it.</summary>
    public static T In<T>(CultureInfo culture, Func<T> action)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
            CultureInfo.CurrentUICulture = beforeUi;
        }
    }
}
