namespace CodRocket.Stock.Web.Infrastructure;

public static class SearchPattern
{
    /// <summary>An ILIKE pattern matching <paramref name="term"/> anywhere, with the user's % and _ taken literally.</summary>
    public static string Contains(string term) =>
        "%" + term.Trim().Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal) + "%";
}
