using System.Globalization;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Localization;

public static class PluralText
{
    /// <summary>
    /// A localized ICU plural message with its numbers: <c>L["{0, plural, one {# line} other {# lines}}"].Plural(n)</c>
    /// (the key stays inside L[…] so the resource scans see it).
    /// </summary>
    public static string Plural(this LocalizedString message, params object[] arguments) =>
        CodRocket.Stock.Plural.Format(message.Value, CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture, arguments);
}
