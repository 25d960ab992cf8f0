using System.Globalization;
using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Catalog;

/// <summary>
/// Prices and the amounts a courier collects, in the store's currency (<see cref="Tenant.Currency"/>). Money is
/// <see cref="decimal"/> in C# and numeric(12,2) in the database: never a float.
/// </summary>
public static class Prices
{
    /// <summary>Decimals a price keeps (numeric(12,2)): more is refused, never silently rounded.</summary>
    public const int Decimals = 2;
    /// <summary>The largest price: a billion of any currency (numeric(12,2) holds ten whole digits).</summary>
    public const double Max = 1_000_000_000;
    public const int Precision = 12;

    /// <summary>From 0 to <see cref="Max"/>, with at most <see cref="Decimals"/> decimals.</summary>
    public static bool IsValid(decimal price) => price is >= 0 and <= (decimal)Max && StockLimits.FitsDecimals(price, Decimals);

    public static decimal? Checked(decimal? price, string name) =>
        price is null || IsValid(price.Value)
            ? price
            : throw new ArgumentOutOfRangeException(name, price, $"A price is from 0 to {Max:0} with at most {Decimals} decimals.");

    /// <summary>
    /// An amount as the reader writes it, with the currency's code where their culture puts a currency sign:
    /// "1 234,50 MAD" in French, "MAD 1,234.50" in English. Written with the currency's decimals (JPY none) unless
    /// that would hide a cent the amount has.
    /// </summary>
    public static string Format(decimal amount, string currency, CultureInfo culture)
    {
        var decimals = Currencies.DecimalsOf(currency);
        if (decimal.Round(amount, decimals) != amount)
        {
            decimals = Decimals;
        }
        var number = amount.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), culture);
        return culture.NumberFormat.CurrencyPositivePattern is 1 or 3 ? $"{number}\u00A0{currency}" : $"{currency}\u00A0{number}";
    }

    /// <summary>A price as a form or a CSV shows it: invariant, 12.5 → "12.50", no group separator.</summary>
    public static string Invariant(decimal price) => price.ToString("0.00", CultureInfo.InvariantCulture);
}

/// <summary>
/// What the courier collects for some lines: the sum of quantity × unit price. <see cref="Complete"/> is false when a
/// line has no price (its product had none when ordered): the amount then counts the priced lines only.
/// </summary>
public readonly record struct CollectTotal(decimal? Amount, bool Complete)
{
    public static CollectTotal Of(IEnumerable<(int Quantity, decimal? UnitPrice)> lines)
    {
        decimal? amount = null;
        var complete = true;
        foreach (var (quantity, unitPrice) in lines)
        {
            if (unitPrice is { } price)
            {
                amount = (amount ?? 0) + quantity * price;
            }
            else
            {
                complete = false;
            }
        }
        return new CollectTotal(amount, complete);
    }
}
