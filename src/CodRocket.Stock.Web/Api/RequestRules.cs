using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CodRocket.Stock.Catalog;

namespace CodRocket.Stock.Web.Api;

// The request records' rules, read twice: by ASP.NET Core's validation (RequestValidation, with these messages) and by
// the OpenAPI generator (limits in the schemas). Each message begins with "{0}", the field: RequestValidation puts the
// field's path as the client wrote it there ("lines[1].quantity is required."). An Optional<T> field left out of a
// PATCH is not checked; sent, its value is.

/// <summary>The field must be sent, and not null or blank.</summary>
public sealed class RequiredFieldAttribute : RequiredAttribute
{
    /// <summary>English, as every API field error, for the developers who match on it (not a page string).</summary>
    internal const string Message = "{0} is required.";

    public RequiredFieldAttribute() => ErrorMessage = Message;
}

/// <summary>
/// An optional request field that answers 400 to null (or blank): PATCH "name". The document leaves null out of its type.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class RefusesNullAttribute : ValidationAttribute
{
    public RefusesNullAttribute() : base(RequiredFieldAttribute.Message) { }

    public override bool IsValid(object? value) =>
        Optional.IsAbsent(value) || Optional.Unwrap(value) is { } sent && (sent is not string text || !string.IsNullOrWhiteSpace(text));
}

/// <summary>The field must be in the body, though null is a value (PUT threshold: null clears it).</summary>
public sealed class MustSendAttribute(string message) : RequiredAttribute
{
    public override bool IsValid(object? value) => !Optional.IsAbsent(value);

    public override string FormatErrorMessage(string name) => string.Format(CultureInfo.CurrentCulture, message, name);
}

/// <summary>Text of at most <paramref name="length"/> characters, leading and trailing spaces not counted (they are trimmed).</summary>
public sealed class TextLengthAttribute(int length) : MaxLengthAttribute(length)
{
    public override bool IsValid(object? value) => Optional.Unwrap(value) is not string text || text.Trim().Length <= Length;

    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.CurrentCulture, "{0} has at most {1} characters.", name, Length);
}

/// <summary>A whole number from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
public sealed class WholeNumberAttribute(int minimum, int maximum) : RangeAttribute(minimum, maximum)
{
    public override bool IsValid(object? value) => Optional.Unwrap(value) is not int number || number >= (int)Minimum && number <= (int)Maximum;

    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.CurrentCulture, "{0} is a whole number from {1:N0} to {2:N0}.", name, Minimum, Maximum);
}

/// <summary>A number from <paramref name="minimum"/> to <paramref name="maximum"/> with at most <paramref name="decimals"/> decimals.</summary>
public sealed class DecimalNumberAttribute(double minimum, double maximum, int decimals) : RangeAttribute(minimum, maximum)
{
    public override bool IsValid(object? value) =>
        Optional.Unwrap(value) is not decimal number
        || number >= (decimal)(double)Minimum && number <= (decimal)(double)Maximum && StockLimits.FitsDecimals(number, decimals);

    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.InvariantCulture, "{0} is a number from {1} to {2} with at most {3} decimals.", name, Minimum, Maximum, decimals);
}

/// <summary>A price: 0 to <see cref="Prices.Max"/> with at most <see cref="Prices.Decimals"/> decimals; null means <paramref name="nullMeans"/>.</summary>
public sealed class PriceAttribute(string nullMeans = "no price") : RangeAttribute(0, Prices.Max)
{
    public override bool IsValid(object? value) => Optional.Unwrap(value) is not decimal price || Prices.IsValid(price);

    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.InvariantCulture, "{0} is a number from 0 to {1:0} with at most {2} decimals, in the store's currency (or null for {3}).",
            name, Prices.Max, Prices.Decimals, nullMeans);
}

/// <summary>A code of letters, digits, - and _ (spaces around it are trimmed).</summary>
public sealed class CodeCharactersAttribute() : RegularExpressionAttribute("^[A-Za-z0-9_-]+$")
{
    public override bool IsValid(object? value) => Optional.Unwrap(value) is not string code || base.IsValid(code.Trim());

    public override string FormatErrorMessage(string name) => string.Format(CultureInfo.CurrentCulture, "{0} uses letters, digits, - and _ only.", name);
}

/// <summary>An identifier without invisible or bidirectional control characters (a SKU).</summary>
public sealed class NoHiddenCharactersAttribute : ValidationAttribute
{
    public NoHiddenCharactersAttribute()
        : base("{0} holds an invisible or bidirectional control character (zero-width space, right-to-left override…): send it without it.") { }

    public override bool IsValid(object? value) => Optional.Unwrap(value) is not string text || !Identifiers.HasHiddenCharacters(text);
}
