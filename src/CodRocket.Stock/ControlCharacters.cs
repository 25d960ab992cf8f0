namespace CodRocket.Stock;

/// <summary>
/// Control characters in text input: NUL cannot be stored in PostgreSQL text at all, and the others (bell, escape,
/// C1 controls…) have no business in a name, a SKU, a note or a search. Every entry point (API bodies and queries, page
/// queries and forms, CSV imports) refuses them with a message naming the field. Tab, line feed and carriage return are
/// ordinary text (a note has lines).
/// </summary>
public static class ControlCharacters
{
    /// <summary>True when <paramref name="value"/> holds a character no text field accepts.</summary>
    public static bool In(string? value)
    {
        if (value is null)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (IsRefused(c))
            {
                return true;
            }
        }
        return false;
    }

    public static bool IsRefused(char c) => c is < ' ' and not ('\t' or '\n' or '\r') or >= '\u007f' and <= '\u009f';

    /// <summary>The value without refused characters, for inputs where dropping them is harmless (a search box).</summary>
    public static string Strip(string value) => In(value) ? string.Concat(value.Where(c => !IsRefused(c))) : value;
}
