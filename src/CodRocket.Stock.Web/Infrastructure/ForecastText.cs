using System.Globalization;
using CodRocket.Stock.Forecasting;
using CodRocket.Stock.Web.Localization;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>Forecast figures in words: the suggestion's arithmetic, days left, "no recent sales".</summary>
public static class ForecastText
{
    public static string Number(decimal value) => value.ToString("#,0.##", CultureInfo.CurrentCulture);

    /// <summary>"20/day × 3 days + 10 safety × 1.5 = 105", or the missing input named.</summary>
    public static string Arithmetic(ThresholdSuggestion s, IStringLocalizer l)
    {
        if (s.Value is not { } value)
        {
            return l["Set a supplier lead time to get a suggestion."];
        }
        var (v, lead, safety, factor, result) = (Number(s.Velocity), s.LeadTimeDays!.Value, s.SafetyStock, Number(s.Factor), value.ToString("N0", CultureInfo.CurrentCulture));
        string words = (safety > 0, s.Factor != 1m) switch
        {
            (true, true) => l["{0}/day × {1} days + {2} safety × {3} = {4}", v, lead, safety, factor, result],
            (true, false) => l["{0}/day × {1} days + {2} safety = {3}", v, lead, safety, result],
            (false, true) => l["{0}/day × {1} days × {2} = {3}", v, lead, factor, result],
            _ => l["{0}/day × {1} days = {2}", v, lead, result],
        };
        return s.RoundedUp ? words + " " + l["(rounded up)"] : words;
    }

    public static string DaysLeft(Forecast f, IStringLocalizer l) =>
        f.DaysLeft is not { } days ? l["No recent sales"]
        : days == 0 ? l["Out now"]
        : l["{0, plural, one {# day} other {# days}}"].Plural(days);

    public static string Date(DateOnly? day) => day?.ToString("d MMM yyyy", CultureInfo.CurrentCulture) ?? "—";

    /// <summary>"11 Dec" this year, "20 Jun 2028" otherwise.</summary>
    public static string ShortDate(DateOnly? day, DateOnly today) =>
        day is not { } d ? "—" : d.ToString(d.Year == today.Year ? "d MMM" : "d MMM yyyy", CultureInfo.CurrentCulture);

    public static string Velocity(Forecast f, IStringLocalizer l) => l["{0}/day", Number(f.Velocity)];
}
