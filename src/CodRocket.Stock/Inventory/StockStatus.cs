using System.Linq.Expressions;

namespace CodRocket.Stock.Inventory;

public enum StockStatus
{
    Ok,
    Low,
    Out,
    /// <summary>Below zero: warning-only orders took more than there was.</summary>
    Oversold,
    /// <summary>Never had stock on hand: not alerted (not out of stock) until its first receipt arms it.</summary>
    NotStocked,
}

/// <summary>
/// The one definition of a scope's stock status, in the three forms the code needs: <see cref="Of(int, int?, bool)"/>
/// for C#, <see cref="Linq"/> for LINQ (EF Core translates it to a CASE), and <see cref="Sql"/> for raw SQL. The
/// three read the same cases in the same order; tests pin the expression and the SQL (run in PostgreSQL over a grid of
/// values) to <see cref="Of(int, int?, bool)"/>.
/// </summary>
public static class StockStatusRule
{
    /// <summary>
    /// Oversold below zero; "not stocked yet" for a scope that never had stock; out at zero; low at or below the
    /// threshold ("set 10 → alert at 10 or below"); otherwise ok. With no threshold a scope is never low, only out.
    /// </summary>
    public static StockStatus Of(int available, int? threshold, bool stocked) =>
        available < 0 ? StockStatus.Oversold
        : !stocked ? StockStatus.NotStocked
        : available == 0 ? StockStatus.Out
        : threshold != null && available <= threshold ? StockStatus.Low
        : StockStatus.Ok;

    /// <summary>As <see cref="Of(int, int?, bool)"/> for a scope that has had stock.</summary>
    public static StockStatus Of(int available, int? threshold) => Of(available, threshold, stocked: true);

    /// <summary><see cref="Of(int, int?, bool)"/> for LINQ: (available, threshold, stocked) → status.</summary>
    public static readonly Expression<Func<int, int?, bool, StockStatus>> Linq = (available, threshold, stocked) =>
        available < 0 ? StockStatus.Oversold
        : !stocked ? StockStatus.NotStocked
        : available == 0 ? StockStatus.Out
        : threshold != null && available <= threshold ? StockStatus.Low
        : StockStatus.Ok;

    /// <summary>
    /// <see cref="Of(int, int?, bool)"/> as a PostgreSQL expression over the given SQL expressions (columns, or anything
    /// of type int, int and boolean), giving the status's number in <see cref="StockStatus"/>: what the report filters
    /// and sorts on.
    /// </summary>
    public static string Sql(string available, string threshold, string stocked) =>
        $"CASE WHEN {available} < 0 THEN {(int)StockStatus.Oversold} WHEN NOT {stocked} THEN {(int)StockStatus.NotStocked} "
        + $"WHEN {available} = 0 THEN {(int)StockStatus.Out} "
        + $"WHEN {threshold} IS NOT NULL AND {available} <= {threshold} THEN {(int)StockStatus.Low} ELSE {(int)StockStatus.Ok} END";

    /// <summary>
    /// The rows of <paramref name="query"/> whose status (of the scope the three selectors describe) is one of
    /// <paramref name="statuses"/>: <see cref="Linq"/> inlined into the query.
    /// </summary>
    public static IQueryable<T> WhereStatus<T>(
        this IQueryable<T> query,
        Expression<Func<T, int>> available,
        Expression<Func<T, int?>> threshold,
        Expression<Func<T, bool>> stocked,
        IReadOnlyCollection<StockStatus> statuses)
    {
        // Stryker disable once String : a parameter's name is for reading the tree, not for what it matches.
        var row = Expression.Parameter(typeof(T), "row");
        var status = Inline.Apply(Linq, Inline.Apply(available, row), Inline.Apply(threshold, row), Inline.Apply(stocked, row));
        var matches = statuses
            .Select(s => (Expression)Expression.Equal(status, Expression.Constant(s)))
            .DefaultIfEmpty(Expression.Constant(false))
            .Aggregate(Expression.OrElse);
        return query.Where(Expression.Lambda<Func<T, bool>>(matches, row));
    }

    /// <summary>
    /// How urgent a status is, most urgent first: oversold, out, low, ok, then not stocked yet (nothing to act on).
    /// The order of a "status" column sorted ascending.
    /// </summary>
    public static int Urgency(StockStatus status) => status switch
    {
        StockStatus.Oversold => 0,
        StockStatus.Out => 1,
        StockStatus.Low => 2,
        StockStatus.Ok => 3,
        _ => 4,
    };

    /// <summary><see cref="Urgency"/> of <see cref="Of(int, int?, bool)"/> for LINQ: (available, threshold, stocked) → urgency.</summary>
    public static readonly Expression<Func<int, int?, bool, int>> UrgencyLinq = (available, threshold, stocked) =>
        available < 0 ? 0
        : !stocked ? 4
        : available == 0 ? 1
        : threshold != null && available <= threshold ? 2
        : 3;

    /// <summary>
    /// <paramref name="query"/> ordered by the <see cref="Urgency"/> of each row's status (most urgent first, or last
    /// when <paramref name="descending"/>): <see cref="UrgencyLinq"/> inlined into the query.
    /// </summary>
    public static IOrderedQueryable<T> OrderByUrgency<T>(
        this IQueryable<T> query,
        Expression<Func<T, int>> available,
        Expression<Func<T, int?>> threshold,
        Expression<Func<T, bool>> stocked,
        bool descending)
    {
        // Stryker disable once String : a parameter's name is for reading the tree, not for what it matches.
        var row = Expression.Parameter(typeof(T), "row");
        var urgency = Expression.Lambda<Func<T, int>>(
            Inline.Apply(UrgencyLinq, Inline.Apply(available, row), Inline.Apply(threshold, row), Inline.Apply(stocked, row)), row);
        return descending ? query.OrderByDescending(urgency) : query.OrderBy(urgency);
    }
}
