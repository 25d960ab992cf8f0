using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Tenancy;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using PhoneNumbers;

namespace CodRocket.Stock.Web.Pages.Settings.Team;

/// <summary>The team member form (invite and edit).</summary>
public sealed class MemberInput : IValidatableObject
{
    [Required(ErrorMessage = "Enter the member's name.")]
    [StringLength(StoreUser.FullNameMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
    [Display(Name = "Name")]
    public string FullName { get; set; } = "";

    [Required(ErrorMessage = "Enter the member's email.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(StoreUser.EmailMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
    [Display(Name = "Email")]
    public string Email { get; set; } = "";

    [StringLength(StoreUser.PhoneAsTypedMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
    [Display(Name = "Mobile phone")]
    public string? Phone { get; set; }

    [Display(Name = "Role")]
    public StoreRole Role { get; set; } = StoreRole.Staff;

    /// <summary>Their e-mail and SMS (and pages, until they pick one themselves); empty: the store's language.</summary>
    [Display(Name = "Language")]
    public string? Language { get; set; }

    [Display(Name = "Email me stock alerts")]
    public bool EmailAlerts { get; set; } = true;

    [Display(Name = "SMS me stock alerts")]
    public bool SmsAlerts { get; set; }

    [Display(Name = "WhatsApp me stock alerts")]
    public bool WhatsAppAlerts { get; set; }

    [Display(Name = "Email me the morning summary")]
    public bool MorningSummary { get; set; }

    /// <summary>Warehouses whose per-warehouse alerts the member receives; none ticked: all of them.</summary>
    public List<Guid> Warehouses { get; set; } = [];

    [BindNever]
    public IReadOnlyList<(Guid Id, string Label)> WarehouseChoices { get; set; } = [];

    /// <summary>The phone in E.164 (+212612345678), or null when empty. Valid only after validation passed.</summary>
    public string? PhoneE164 => Normalize(Phone);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var L = validationContext.GetRequiredService<IStringLocalizer<SharedResource>>();
        if (!string.IsNullOrWhiteSpace(Phone) && Normalize(Phone) is null)
        {
            yield return new ValidationResult(
                L["Enter the number in international format, starting with + and the country code, e.g. +212 612 345 678."],
                [nameof(Phone)]);
        }
        if (Language is not null && !Languages.IsSupported(Language))
        {
            yield return new ValidationResult(L["Choose a language from the list."], [nameof(Language)]);
        }
        if (SmsAlerts && string.IsNullOrWhiteSpace(Phone))
        {
            yield return new ValidationResult(L["SMS alerts need a mobile phone number."], [nameof(Phone)]);
        }
        if (WhatsAppAlerts && string.IsNullOrWhiteSpace(Phone))
        {
            yield return new ValidationResult(L["WhatsApp alerts need a mobile phone number."], [nameof(Phone)]);
        }
    }

    private static string? Normalize(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }
        var util = PhoneNumberUtil.GetInstance();
        try
        {
            var number = util.Parse(phone.Trim(), null);
            return util.IsValidNumber(number) ? util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
