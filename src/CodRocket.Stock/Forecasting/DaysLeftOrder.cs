using System.Linq.Expressions;

namespace CodRocket.Stock.Forecasting;

/// <summary>
/// Lists sorted by days of stock left as <see cref="Forecast.DaysLeft"/> counts them (available ÷ units sold a day
/// over the window; 0 when nothing is available), in the query, so page 2 follows page 1. Scopes without recent
/// sales come last whichever the direction.
/// </summary>
public static class DaysLeftOrder
{
    public static IOrderedQueryable<T> OrderByDaysLeft<T>(
        this IQueryable<T> query, Expression<Func<T, int>> available, Expression<Func<T, int>> sold, int windowDays, bool descending)
    {
        Expression<Func<int, int, decimal?>> rule = (a, s) => a <= 0 ? 0m : s > 0 ? (decimal?)a * windowDays / s : null;
        // Stryker disable once String : a parameter's name is for reading the tree, not for what it matches.
        var row = Expression.Parameter(typeof(T), "row");
        var daysLeft = Inline.Apply(rule, Inline.Apply(available, row), Inline.Apply(sold, row));
        var noSales = Expression.Lambda<Func<T, bool>>(Expression.Equal(daysLeft, Expression.Constant(null, typeof(decimal?))), row);
        var key = Expression.Lambda<Func<T, decimal?>>(descending ? Expression.Negate(daysLeft) : daysLeft, row);
        return query.OrderBy(noSales).ThenBy(key);
    }
}
