using System.Globalization;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.DataAnnotations;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Localization;

/// <summary>
/// English and French. English text is the key (views read as they render); French is in
/// Resources/SharedResource.fr.resx, and a missing key falls back to the English text. The culture decides numbers
/// and dates too (1 234,5 and 28/11/2026 in French).
/// </summary>
public static class LocalizationExtensions
{
    public static IServiceCollection AddStockLocalization(this IServiceCollection services)
    {
        // No ResourcesPath: SharedResource.fr.resx sits next to SharedResource.cs, so the build names it after the class
        // (CodRocket.Stock.Web.SharedResource.fr.resources), which is where the localizer looks without one.
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            CultureInfo[] cultures = [.. Languages.All.Select(l => CultureInfo.GetCultureInfo(l.Code))];
            o.DefaultRequestCulture = new RequestCulture(Languages.Default);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            // The member's choice (or their store's), else the switcher's cookie, else the browser.
            o.RequestCultureProviders = [new StoreCultureProvider(), new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        // The domain's messages (e-mail, SMS) read the same resources.
        services.AddSingleton(provider => provider.GetRequiredService<IStringLocalizerFactory>().Create(typeof(SharedResource)));
        services.AddScoped<IdentityErrorDescriber, LocalizedIdentityErrors>();
        // Before MVC's TryAdd: validation messages of the app's own attributes are localized too.
        services.AddSingleton<IValidationAttributeAdapterProvider, StockValidationAttributeAdapterProvider>();
        services.AddOptions<MvcOptions>().Configure<IStringLocalizerFactory>((o, factory) =>
        {
            var l = factory.Create(typeof(SharedResource));
            // Input type="number" posts "1.5" whatever the page's language; a typed "1,5" still binds in French.
            o.ModelBinderProviders.Insert(0, new DecimalModelBinderProvider());
            // ASP.NET Core's own English is the key (it reads well enough); the French reads like the rest of the app.
            var m = o.ModelBindingMessageProvider;
            m.SetAttemptedValueIsInvalidAccessor((value, field) => l["The value '{0}' is not valid for {1}.", value, field]);
            m.SetMissingBindRequiredValueAccessor(field => l["A value for the '{0}' parameter or property was not provided.", field]);
            m.SetMissingKeyOrValueAccessor(() => l["A value is required."]);
            m.SetMissingRequestBodyRequiredValueAccessor(() => l["A non-empty request body is required."]);
            m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => l["The value '{0}' is not valid.", value]);
            m.SetNonPropertyUnknownValueIsInvalidAccessor(() => l["The supplied value is invalid."]);
            m.SetNonPropertyValueMustBeANumberAccessor(() => l["The field must be a number."]);
            m.SetUnknownValueIsInvalidAccessor(field => l["The supplied value is invalid for {0}.", field]);
            m.SetValueIsInvalidAccessor(value => l["The value '{0}' is invalid.", value]);
            m.SetValueMustBeANumberAccessor(field => l["The field {0} must be a number.", field]);
            m.SetValueMustNotBeNullAccessor(value => l["The value '{0}' is invalid.", value]);
        });
        // Problem titles are read by people (the API's error body); details and field errors stay English for the
        // developers who integrate (stable strings they may match on).
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails.Title is { } title)
            {
                var l = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                context.ProblemDetails.Title = l[title];
            }
        });
        return services;
    }

    /// <summary>After authentication: the member's language is on their sign-in cookie.</summary>
    public static IApplicationBuilder UseStockLocalization(this IApplicationBuilder app) => app.UseRequestLocalization();
}
