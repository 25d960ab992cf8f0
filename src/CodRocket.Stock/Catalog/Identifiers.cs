using System.Globalization;
using System.Text;

namespace CodRocket.Stock.Catalog;

/// <summary>
/// The rules for identifiers merchants type and match on — SKUs and warehouse codes: stored in Unicode NFC, and never
/// holding an invisible or bidirectional control character (zero-width space, right-to-left override, BOM…), which
/// would make two identifiers that look identical differ. <see cref="Skeleton"/> finds look-alikes (a Unicode dash
/// for a hyphen, a Cyrillic "А" for a Latin "A", full-width letters) so the forms can warn about them.
/// </summary>
public static class Identifiers
{
    /// <summary>Trimmed and in NFC: the form every identifier is stored and compared in.</summary>
    public static string Normalize(string value)
    {
        var trimmed = value.Trim();
        return trimmed.IsNormalized(NormalizationForm.FormC) ? trimmed : trimmed.Normalize(NormalizationForm.FormC);
    }

    /// <summary>True when the value holds a character that cannot be seen or that reorders text: format characters
    /// (zero-width, bidirectional controls, BOM, soft hyphen), control characters, and line or paragraph separators.</summary>
    public static bool HasHiddenCharacters(string value)
    {
        foreach (var rune in value.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Format or UnicodeCategory.Control or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A comparison key under which look-alikes are equal: compatibility forms folded (NFKC: full-width letters,
    /// ligatures), dashes and minus signs read as "-", Cyrillic and Greek capitals that look Latin read as Latin,
    /// white space removed, case ignored. Two different SKUs with one skeleton deserve a warning.
    /// </summary>
    public static string Skeleton(string value)
    {
        var folded = value.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }
            builder.Append(char.GetUnicodeCategory(c) == UnicodeCategory.DashPunctuation || c is '\u2212' or '\u2043' ? '-' : LatinLookAlike(c));
        }
        return builder.ToString().ToUpperInvariant();
    }

    private static char LatinLookAlike(char c) => char.ToUpperInvariant(c) switch
    {
        'А' => 'A', 'В' => 'B', 'Е' => 'E', 'К' => 'K', 'М' => 'M', 'Н' => 'H', 'О' => 'O', 'Р' => 'P', 'С' => 'C',
        'Т' => 'T', 'Х' => 'X', 'У' => 'Y', 'І' => 'I', 'Ј' => 'J', 'Ѕ' => 'S',
        'Α' => 'A', 'Β' => 'B', 'Ε' => 'E', 'Ζ' => 'Z', 'Η' => 'H', 'Ι' => 'I', 'Κ' => 'K', 'Μ' => 'M', 'Ν' => 'N',
        'Ο' => 'O', 'Ρ' => 'P', 'Τ' => 'T', 'Υ' => 'Y', 'Χ' => 'X',
        var upper => upper,
    };
}
