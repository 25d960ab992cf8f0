using System.Linq.Expressions;

namespace CodRocket.Stock;

/// <summary>Composes rule expressions: a lambda's body with its parameters replaced by the given expressions.</summary>
internal static class Inline
{
    public static Expression Apply(LambdaExpression lambda, params Expression[] arguments)
    {
        var map = lambda.Parameters.Zip(arguments).ToDictionary(p => p.First, p => p.Second);
        return new Replace(map).Visit(lambda.Body);
    }

    private sealed class Replace(Dictionary<ParameterExpression, Expression> map) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => map.GetValueOrDefault(node) ?? node;
    }
}
