using System.Globalization;
using System.Text;

namespace CodRocket.Stock;

/// <summary>
/// ICU plural messages, for the two languages the app speaks: <c>{0, plural, one {# day} other {# days}}</c>, with
/// <c>=N</c> exact cases, <c>#</c> for the number in the reader's culture, and plain <c>{1}</c> arguments around it.
/// The categories follow CLDR's rules: English "one" is exactly 1; French "one" is 0 and 1 (and 1.5: "1,5 jour"),
/// "many" is a whole million ("1 000 000 de jours"). No ICU message-format package is served to this build (the
/// feed has neither MessageFormat nor Jeffijoe.MessageFormat, and ICU4N's alpha keeps its formatters internal), so
/// this is the subset the resources use; it refuses what it does not understand instead of guessing.
/// </summary>
public static class Plural
{
    /// <summary>
    /// <paramref name="language"/> picks the plural case (the language the message is written in);
    /// <paramref name="numbers"/> writes the numbers and the other arguments.
    /// </summary>
    public static string Format(string message, CultureInfo language, CultureInfo numbers, params object[] arguments)
    {
        var text = new StringBuilder();
        var i = 0;
        while (i < message.Length)
        {
            var open = message.IndexOf('{', i);
            if (open < 0)
            {
                text.Append(message, i, message.Length - i);
                break;
            }
            text.Append(message, i, open - i);
            var close = Matching(message, open);
            var inner = message[(open + 1)..close];
            var comma = inner.IndexOf(',', StringComparison.Ordinal);
            if (comma > 0 && inner[(comma + 1)..].TrimStart().StartsWith("plural", StringComparison.Ordinal))
            {
                var index = int.Parse(inner[..comma].Trim(), CultureInfo.InvariantCulture);
                var chosen = Choose(inner[(inner.IndexOf("plural", StringComparison.Ordinal) + "plural".Length)..].TrimStart(',', ' '),
                    Convert.ToDecimal(arguments[index], CultureInfo.InvariantCulture), language, numbers);
                text.Append(Format(chosen, language, numbers, arguments));
            }
            else
            {
                text.Append(string.Format(numbers, "{" + inner + "}", arguments));
            }
            i = close + 1;
        }
        return text.ToString();
    }

    /// <summary>CLDR plural category of <paramref name="n"/> in <paramref name="culture"/>'s language.</summary>
    public static string Category(decimal n, CultureInfo culture)
    {
        var whole = decimal.Truncate(Math.Abs(n));
        var integer = Math.Abs(n) == whole;
        return culture.TwoLetterISOLanguageName switch
        {
            "fr" when whole is 0 or 1 => "one",
            "fr" when integer && whole != 0 && whole % 1_000_000 == 0 => "many",
            "fr" => "other",
            _ when integer && whole == 1 => "one",
            _ => "other",
        };
    }

    private static string Choose(string cases, decimal n, CultureInfo language, CultureInfo numbers)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < cases.Length)
        {
            if (char.IsWhiteSpace(cases[i]))
            {
                i++;
                continue;
            }
            var open = cases.IndexOf('{', i);
            if (open < 0)
            {
                throw new FormatException($"A plural case without its text in \"{cases}\".");
            }
            var close = Matching(cases, open);
            options[cases[i..open].Trim()] = cases[(open + 1)..close];
            i = close + 1;
        }
        var exact = "=" + n.ToString(CultureInfo.InvariantCulture);
        var chosen = options.GetValueOrDefault(exact) ?? options.GetValueOrDefault(Category(n, language)) ?? options.GetValueOrDefault("other")
            ?? throw new FormatException($"A plural message needs an \"other\" case: \"{cases}\".");
        var number = n == decimal.Truncate(n) ? n.ToString("N0", numbers) : n.ToString("#,0.#", numbers);
        return chosen.Replace("#", number, StringComparison.Ordinal);
    }

    private static int Matching(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return i;
            }
        }
        throw new FormatException($"Unbalanced braces in \"{text}\".");
    }
}
