using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Catalog;
using Microsoft.AspNetCore.Mvc.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>A decimal with more decimals than the database keeps is refused, not silently rounded.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class MaxDecimalsAttribute(int decimals) : ValidationAttribute
{
    public int Decimals { get; } = decimals;

    public override bool IsValid(object? value) => value is not decimal number || StockLimits.FitsDecimals(number, Decimals);
}

/// <summary>
/// MVC localizes the messages of the attributes it has an adapter for and shows any other attribute's message in
/// English: this adapter puts <see cref="MaxDecimalsAttribute"/> through the localizer like <c>[Range]</c>.
/// </summary>
internal sealed class MaxDecimalsAttributeAdapter(MaxDecimalsAttribute attribute, IStringLocalizer? localizer)
    : AttributeAdapterBase<MaxDecimalsAttribute>(attribute, localizer)
{
    public override void AddValidation(ClientModelValidationContext context)
    {
    }

    public override string GetErrorMessage(ModelValidationContextBase validationContext) =>
        GetErrorMessage(validationContext.ModelMetadata, validationContext.ModelMetadata.GetDisplayName());
}

/// <summary>ASP.NET Core's adapters, plus <see cref="MaxDecimalsAttributeAdapter"/>.</summary>
internal sealed class StockValidationAttributeAdapterProvider : IValidationAttributeAdapterProvider
{
    private readonly ValidationAttributeAdapterProvider _builtIn = new();

    public IAttributeAdapter? GetAttributeAdapter(ValidationAttribute attribute, IStringLocalizer? stringLocalizer) =>
        attribute is MaxDecimalsAttribute maxDecimals
            ? new MaxDecimalsAttributeAdapter(maxDecimals, stringLocalizer)
            : _builtIn.GetAttributeAdapter(attribute, stringLocalizer);
}
