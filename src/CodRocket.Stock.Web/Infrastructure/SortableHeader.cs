namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>
/// A list column that sorts: its link keeps the list's filters, asks for page 1, and flips the direction when the
/// list is already sorted by it (<c>?sort=number&amp;desc=true</c>). aria-sort says how the list is sorted now.
/// </summary>
public sealed record SortableHeader(string Key, string Label, bool Numeric, string? CurrentSort, bool Descending)
{
    public const string SortKey = "sort";
    public const string DescendingKey = "desc";

    public bool Active => string.Equals(Key, CurrentSort, StringComparison.Ordinal);
}
