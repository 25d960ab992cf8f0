using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CodRocket.Stock.Web.Localization;

/// <summary>
/// Decimals from forms: browsers post number inputs with a dot ("1.5") whatever the language, so the invariant
/// reading comes first; a value typed in the page's culture ("1,5" in French) binds too.
/// </summary>
public sealed class DecimalModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(decimal) ? new DecimalModelBinder() : null;

    private sealed class DecimalModelBinder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext context)
        {
            var result = context.ValueProvider.GetValue(context.ModelName);
            if (result == ValueProviderResult.None)
            {
                return Task.CompletedTask;
            }
            context.ModelState.SetModelValue(context.ModelName, result);
            var text = result.FirstValue?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                // Empty: null for decimal?, and the [Required] message for a required field.
                if (!context.ModelMetadata.IsReferenceOrNullableType)
                {
                    context.ModelState.TryAddModelError(context.ModelName,
                        context.ModelMetadata.ModelBindingMessageProvider.ValueMustNotBeNullAccessor(result.FirstValue ?? ""));
                }
                else
                {
                    context.Result = ModelBindingResult.Success(null);
                }
                return Task.CompletedTask;
            }
            // No thousands separator in the invariant reading: "1,5" is then French for 1.5, never 15.
            const NumberStyles plain = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
            if (decimal.TryParse(text, plain, CultureInfo.InvariantCulture, out var value)
                || decimal.TryParse(text, NumberStyles.Number, CultureInfo.CurrentCulture, out value))
            {
                context.Result = ModelBindingResult.Success(value);
            }
            else
            {
                context.ModelState.TryAddModelError(context.ModelName,
                    context.ModelMetadata.ModelBindingMessageProvider.AttemptedValueIsInvalidAccessor(text, context.ModelMetadata.GetDisplayName()));
            }
            return Task.CompletedTask;
        }
    }
}
