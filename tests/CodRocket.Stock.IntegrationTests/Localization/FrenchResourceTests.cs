using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Inventory;
using CodRocket.Stock.Notifications;
using CodRocket.Stock.Orders;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Testing;
using CodRocket.Stock.Web;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.IntegrationTests.Localization;

/// <summary>
/// The completeness guard. English text is the key, so "every key exists in both languages" means: every key the
/// source uses has its French, and every French entry is a key the source uses. scripts/i18n.py runs the same scan
/// and can add missing keys as TODO entries for a translator.
/// </summary>
public partial class FrenchResourceTests(StockApp app)
{
    private static readonly string Root = RepositoryRoot();

    private static readonly Dictionary<string, string> French = XDocument
        .Load(Path.Combine(Root, "src/CodRocket.Stock.Web/Resources/SharedResource.fr.resx"))
        .Root!.Elements("data")
        .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    [Fact]
    public void Every_key_the_source_uses_has_a_french_translation()
    {
        var missing = SourceKeys().Where(k => !PendingCaseConflicts.Contains(k.Key))
            .Where(k => !French.TryGetValue(k.Key, out var fr) || fr.StartsWith("TODO", StringComparison.Ordinal))
            .Select(k => $"{k.Value}: {k.Key}").ToList();

        missing.Should().BeEmpty("every user-facing string needs its French (run scripts/i18n.py add-missing, then translate)");
    }

    /// <summary>
    /// Keys that differ from another key only by case and are waiting for their page to use the other spelling (a
    /// .resx holds one of them, so the other would show English). Keep it empty: add one only while a branch that
    /// rewrites the page is in flight.
    /// </summary>
    private static readonly string[] PendingCaseConflicts = [];

    [Fact]
    public void No_two_keys_differ_only_by_case()
    {
        // Resource names are case-insensitive when compiled: "Units" and "units" cannot both have their French.
        SourceKeys().Keys.Except(PendingCaseConflicts).GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => string.Join(" / ", g)).Should().BeEmpty("use one spelling (scripts/i18n.py case)");
    }

    [Fact]
    public void Every_french_entry_is_a_key_the_source_uses()
    {
        var used = SourceKeys();
        French.Keys.Where(k => !used.ContainsKey(k)).Should().BeEmpty("a French entry nobody asks for is a renamed or removed English text (scripts/i18n.py unused)");
    }

    [Fact]
    public void Translations_keep_the_placeholders_of_their_key()
    {
        French.Where(e => !Placeholders(e.Key).SequenceEqual(Placeholders(e.Value)))
            .Select(e => $"{e.Key} → {e.Value}").Should().BeEmpty();
    }

    [Fact]
    public void Keys_chosen_at_run_time_from_enums_all_have_french()
    {
        var keys = new List<string>();
        keys.AddRange(Enum.GetValues<OutOfStockPolicy>().SelectMany(p => new[] { PolicyText.Name(p), PolicyText.Explanation(p) }).Where(k => k.Length > 0));
        keys.AddRange(Enum.GetValues<OrderStatus>().SelectMany(s => new[] { OrderText.Status(s), OrderText.Action(s) }));
        keys.AddRange(Enum.GetValues<OrderEventKind>().Select(OrderText.Event));
        keys.AddRange(Enum.GetValues<MovementType>().Select(MovementText.Name));
        keys.AddRange(Enum.GetNames<AdjustmentReason>().Select(MovementText.Reason));
        keys.AddRange(Enum.GetNames<StoreRole>());
        keys.AddRange(Enum.GetNames<NotificationKind>().Concat(Enum.GetNames<NotificationStatus>()));
        foreach (var minutes in new[] { 0, 5, 90, 3000 })
        {
            keys.Add(TimeText.Ago(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(minutes)).Key);
            keys.Add(TimeText.Duration(TimeSpan.FromMinutes(minutes)).Key);
        }
        var localizer = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();

        var untranslated = Languages.In(CultureInfo.GetCultureInfo("fr"), () => keys.Distinct().Where(k => localizer[k].ResourceNotFound).ToList());

        untranslated.Should().BeEmpty();
    }

    /// <summary>Keys in src/ with where they were first seen: the localizer indexers, DataAnnotations messages and
    /// display names, Text.Key(...) in the domain, and the literals the Infrastructure/*Text.cs helpers return.</summary>
    internal static Dictionary<string, string> SourceKeys()
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                     .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/Migrations/", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            var helper = Path.GetFileName(file).EndsWith("Text.cs", StringComparison.Ordinal) && Path.GetFileName(Path.GetDirectoryName(file)) == "Infrastructure";
            foreach (var pattern in helper ? [.. KeyPatterns, HelperLiteral()] : KeyPatterns)
            {
                foreach (Match m in pattern.Matches(text))
                {
                    var key = Regex.Unescape(m.Groups[1].Value);
                    if (key.Length > 0 && !CssClass().IsMatch(key))
                    {
                        keys.TryAdd(key, Path.GetRelativePath(Root, file));
                    }
                }
            }
        }
        // Enum names shown as L[value.ToString()]: roles, notification kinds and statuses.
        foreach (var name in Enum.GetNames<StoreRole>().Concat(Enum.GetNames<NotificationKind>()).Concat(Enum.GetNames<NotificationStatus>()))
        {
            keys.TryAdd(name, "(enum names)");
        }
        return keys;
    }

    private const string Literal = """
        "((?:[^"\\]|\\.)*)"
        """;

    private static readonly Regex[] KeyPatterns =
    [
        new(@"(?<![\w.])_?(?:L|T|l|localizer|Localizer)\[\s*" + Literal),
        new(@"\bErrorMessage\s*=\s*" + Literal),
        new(@"\[Display\(Name\s*=\s*" + Literal),
        new(@"\bText\.Key\(\s*" + Literal),
    ];

    [GeneratedRegex(@"=>\s*\(?\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex HelperLiteral();

    [GeneratedRegex("^[a-z]+(-[a-z]+)+$")]
    private static partial Regex CssClass();

    [GeneratedRegex(@"\{\d+(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

    private static List<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal)];

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodRocket.Stock.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("CodRocket.Stock.sln not found above " + AppContext.BaseDirectory);
    }
}
