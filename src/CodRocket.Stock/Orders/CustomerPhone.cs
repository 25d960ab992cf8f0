using System.ComponentModel.DataAnnotations;
using PhoneNumbers;

namespace CodRocket.Stock.Orders;

/// <summary>Settings <c>Orders:*</c>.</summary>
public sealed class OrderOptions
{
    public const string Section = "Orders";

    /// <summary>
    /// The country (ISO 3166 code) a customer phone written without its international prefix belongs to, for stores
    /// that have not said otherwise: "0612345678" is read as +212 612345678 with "MA".
    /// </summary>
    [Required, RegularExpression("^[A-Z]{2}$")]
    public string DefaultPhoneRegion { get; set; } = "MA";
}

/// <summary>A customer's phone as the courier dials it: checked by libphonenumber and stored in E.164 (+212612345678).</summary>
public static class CustomerPhone
{
    /// <summary>The number in E.164, or null when it is not a valid phone number for <paramref name="region"/> (or abroad, with its +prefix).</summary>
    public static string? ToE164(string? phone, string region)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }
        var util = PhoneNumberUtil.GetInstance();
        try
        {
            var number = util.Parse(phone.Trim(), region);
            return util.IsValidNumber(number) ? util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
