namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>Server-side paging of a list: which page, how big, how many rows in all.</summary>
public sealed record PageInfo(int Page, int PageSize, int Total)
{
    public const int DefaultPageSize = 25;

    /// <summary>
    /// The page number's name in the query string (<c>?p=2</c>). Not <c>page</c>: Razor Pages keeps the page's path in
    /// the route value <c>page</c>, which wins over the query string, so <c>?page=2</c> never reached a list.
    /// </summary>
    public const string QueryKey = "p";

    public int TotalPages => Math.Max(1, (int)Math.Ceiling(Total / (double)PageSize));
    public int Skip => (Page - 1) * PageSize;
    public int First => Total == 0 ? 0 : Skip + 1;
    public int Last => Math.Min(Total, Skip + PageSize);

    /// <summary>Clamps a requested page (from the query string, so anything) into range.</summary>
    public static PageInfo For(int? requestedPage, int total, int pageSize = DefaultPageSize)
    {
        var pages = Math.Max(1, (int)Math.Ceiling(total / (double)pageSize));
        return new PageInfo(Math.Clamp(requestedPage ?? 1, 1, pages), pageSize, total);
    }
}
