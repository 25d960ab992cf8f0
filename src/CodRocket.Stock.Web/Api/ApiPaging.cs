namespace CodRocket.Stock.Web.Api;

/// <summary>A page of a list, with what a client needs to ask for the next one.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>page (from 1) and pageSize (1 to 100, default 25) of the list endpoints.</summary>
internal readonly record struct ApiPaging(int Page, int PageSize)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    public int Skip => (Page - 1) * PageSize;

    public static ApiPaging From(int? page, int? pageSize, FieldErrors errors)
    {
        errors.Range("page", page, 1, int.MaxValue / MaxPageSize);
        errors.Range("pageSize", pageSize, 1, MaxPageSize);
        return new ApiPaging(page ?? 1, pageSize ?? DefaultPageSize);
    }

    public ListResponse<T> Of<T>(IReadOnlyList<T> items, int total) => new(items, Page, PageSize, total);
}
