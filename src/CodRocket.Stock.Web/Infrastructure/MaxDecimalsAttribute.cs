using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Catalog;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>A decimal with more decimals than the database keeps is refused, not silently rounded.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class MaxDecimalsAttribute(int decimals) : ValidationAttribute
{
    public int Decimals { get; } = decimals;

    public override bool IsValid(object? value) => value is not decimal number || StockLimits.FitsDecimals(number, Decimals);
}
