using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Testing;

/// <summary>
/// Wraps the app's localizer factory and records every key looked up in a non-English culture that has no
/// translation: a page rendered in French that shows English (a raw key) leaves its key here.
/// </summary>
public sealed class MissingTranslations
{
    private readonly ConcurrentDictionary<string, string> _keys = new(StringComparer.Ordinal);

    /// <summary>Missing keys, with the culture they were asked in.</summary>
    public IReadOnlyDictionary<string, string> Keys => _keys;

    internal IStringLocalizerFactory Wrap(IStringLocalizerFactory inner) => new Factory(inner, this);

    private void Record(LocalizedString value)
    {
        var culture = CultureInfo.CurrentUICulture;
        // The invariant culture is no choice at all (code outside a request, or an outer middleware such as the API's
        // error writer after the localization middleware has returned): it reads the English keys, as it should.
        if (value.ResourceNotFound && culture.TwoLetterISOLanguageName != "en" && !culture.Equals(CultureInfo.InvariantCulture))
        {
            _keys.TryAdd(value.Name, culture.Name);
        }
    }

    private sealed class Factory(IStringLocalizerFactory inner, MissingTranslations missing) : IStringLocalizerFactory
    {
        public IStringLocalizer Create(Type resourceSource) => new Localizer(inner.Create(resourceSource), missing);
        public IStringLocalizer Create(string baseName, string location) => new Localizer(inner.Create(baseName, location), missing);
    }

    private sealed class Localizer(IStringLocalizer inner, MissingTranslations missing) : IStringLocalizer
    {
        public LocalizedString this[string name] => Seen(inner[name]);
        public LocalizedString this[string name, params object[] arguments] => Seen(inner[name, arguments]);
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);

        private LocalizedString Seen(LocalizedString value)
        {
            missing.Record(value);
            return value;
        }
    }
}
