using System.Globalization;
using System.Xml.Linq;

namespace CodRocket.Stock.IntegrationTests.Localization;

/// <summary>
/// Every ICU plural message the pages use reads right with 0, 1, 2 and 5 in English and French: "1 day" but "2 days",
/// "0 jour" and "1 jour" (French takes the singular for 0 and 1), "0 disponible", "1 line", "1 problem".
/// </summary>
public class PluralMessageTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private static readonly Dictionary<string, string> FrenchValues = XDocument
        .Load(Path.Combine(RepositoryRoot(), "src/CodRocket.Stock.Web/Resources/SharedResource.fr.resx"))
        .Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    [Fact]
    public void Every_plural_key_renders_0_1_2_and_5_in_english_and_french()
    {
        var keys = FrenchResourceTests.SourceKeys().Keys.Where(k => k.Contains(", plural,", StringComparison.Ordinal)).ToList();
        keys.Should().HaveCountGreaterThanOrEqualTo(7);
        var problems = new List<string>();
        foreach (var key in keys)
        {
            FrenchValues.Should().ContainKey(key);
            foreach (var (culture, message) in new[] { (English, key), (French, FrenchValues[key]) })
            {
                foreach (var n in new[] { 0, 1, 2, 5 })
                {
                    var text = CodRocket.Stock.Plural.Format(message, culture, culture, n, n);
                    if (text.Contains('{', StringComparison.Ordinal) || text.Contains('#', StringComparison.Ordinal) || !text.Contains(n.ToString(culture), StringComparison.Ordinal))
                    {
                        problems.Add($"{culture.Name} {n}: {message} → {text}");
                    }
                }
            }
        }
        problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData("{0, plural, one {# day} other {# days}}", "en", 1, "1 day")]
    [InlineData("{0, plural, one {# day} other {# days}}", "en", 0, "0 days")]
    [InlineData("{0, plural, one {# day} other {# days}}", "en", 2, "2 days")]
    [InlineData("{0, plural, one {# day} other {# days}}", "fr", 0, "0 jour")]
    [InlineData("{0, plural, one {# day} other {# days}}", "fr", 1, "1 jour")]
    [InlineData("{0, plural, one {# day} other {# days}}", "fr", 5, "5 jours")]
    [InlineData("{0, plural, one {# day} other {# days}}", "fr", 1000000, "1\u202f000\u202f000 de jours")]
    [InlineData("{0, plural, other {# available}}", "fr", 0, "0 disponible")]
    [InlineData("{0, plural, other {# available}}", "fr", 2, "2 disponibles")]
    [InlineData("{0, plural, other {# available}}", "en", 1, "1 available")]
    [InlineData("{0, plural, one {# line} other {# lines}}", "en", 1, "1 line")]
    [InlineData("{0, plural, one {# line} other {# lines}}", "fr", 5, "5 lignes")]
    [InlineData("{0, plural, one {# unit filled} other {# units filled}}", "en", 1, "1 unit filled")]
    [InlineData("{0, plural, one {# unit filled} other {# units filled}}", "en", 3, "3 units filled")]
    [InlineData("{0, plural, one {# unit filled} other {# units filled}}", "fr", 1, "1 unité servie")]
    [InlineData("{0, plural, one {# unit filled} other {# units filled}}", "fr", 3, "3 unités servies")]
    [InlineData("{0}: {1, plural, one {# problem} other {# problems}}. Nothing was imported.", "en", 1, "1: 1 problem. Nothing was imported.")]
    [InlineData("{0}: {1, plural, one {# problem} other {# problems}}. Nothing was imported.", "fr", 1, "1 : 1 problème. Rien n'a été importé.")]
    [InlineData("{0, plural, one {# unit} other {# units}} in {1, plural, one {# day} other {# days}}", "fr", 1, "1 unité en 1 jour")]
    public void Plural_messages_read_as_a_native_speaker_writes_them(string key, string language, int n, string expected)
    {
        var culture = language == "en" ? English : French;
        var message = language == "en" ? key : FrenchValues[key];
        CodRocket.Stock.Plural.Format(message, culture, culture, n, n).Should().Be(expected);
    }

    [Fact]
    public void Decimal_days_take_the_case_of_their_whole_part_in_french_and_the_plural_in_english()
    {
        CodRocket.Stock.Plural.Format("{0, plural, one {# day} other {# days}}", English, English, 1.5m).Should().Be("1.5 days");
        CodRocket.Stock.Plural.Format(FrenchValues["{0, plural, one {# day} other {# days}}"], French, French, 1.5m).Should().Be("1,5 jour");
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CodRocket.Stock.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("CodRocket.Stock.sln not found above the test output");
    }
}
