using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text;
using CodRocket.Stock.Alerts;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Notifications;

/// <summary>An alert as a message describes it, with the scope's stock at the time of sending.</summary>
public sealed record AlertLine(
    Guid AlertId, Guid ProductId, string Sku, string ProductName, string? WarehouseCode, string? WarehouseName,
    AlertLevel Level, int Threshold, int AvailableNow);

/// <summary>
/// Writes alert e-mails (one alert: a plain message; several pending for one recipient: one digest listing them)
/// and SMS texts (short, one per alert, one segment where possible), each in the recipient's language: the
/// <paramref name="T"/> localizer reads the current UI culture, which every method here sets from its argument.
/// </summary>
public sealed class NotificationComposer(StockDbContext db, IAppLinks links, IStringLocalizer T)
{
    public const int SmsSegment = 160;

    public async Task<Dictionary<Guid, AlertLine>> AlertsAsync(IEnumerable<Guid> alertIds, CancellationToken ct)
    {
        var ids = alertIds.Distinct().ToList();
        return await db.StockAlerts.AsNoTracking()
            .Where(a => ids.Contains(a.Id))
            .Select(a => new AlertLine(
                a.Id, a.ProductId, a.Product.Sku, a.Product.Name,
                a.Warehouse == null ? null : a.Warehouse.Code,
                a.Warehouse == null ? null : a.Warehouse.Name,
                a.Level, a.Threshold,
                db.StockLevels.Where(s => s.ProductId == a.ProductId && (a.WarehouseId == null || s.WarehouseId == a.WarehouseId))
                    .Sum(s => s.Available)))
            .ToDictionaryAsync(a => a.AlertId, ct);
    }

    public EmailMessage AlertEmail(
        string storeName, string to, IReadOnlyList<AlertLine> alerts, IReadOnlyList<Guid> notificationIds, CultureInfo culture) =>
        Languages.In(culture, () => AlertEmail(storeName, to, alerts, notificationIds));

    private EmailMessage AlertEmail(string storeName, string to, IReadOnlyList<AlertLine> alerts, IReadOnlyList<Guid> notificationIds)
    {
        var ordered = alerts.OrderByDescending(a => a.Level).ThenBy(a => a.AvailableNow).ThenBy(a => a.Sku, StringComparer.Ordinal).ToList();
        var subject = ordered.Count == 1 ? Subject(ordered[0]) : T["Stock alerts: {0} need attention ({1} out of stock)", ordered.Count, ordered.Count(a => a.Level == AlertLevel.Out)].Value;

        var text = new StringBuilder();
        text.AppendLine(ordered.Count == 1 ? T["{0}: a product reached its Low Stock Alert.", storeName] : T["{0}: {1} stock alerts need attention.", storeName, ordered.Count]);
        text.AppendLine();
        var rows = new StringBuilder();
        foreach (var a in ordered)
        {
            var link = links.Product(a.ProductId);
            var level = Level(a.Level);
            var scope = Scope(a);
            text.AppendLine(T["- {0}: {1} (SKU {2}), {3}: {4:N0} available, alert at {5:N0} or below", level, a.ProductName, a.Sku, scope, a.AvailableNow, a.Threshold]);
            text.AppendLine(CultureInfo.InvariantCulture, $"  {link}");
            rows.Append(CultureInfo.CurrentCulture,
                $"""
                <tr>
                  <td style="padding:8px;border-bottom:1px solid #e3e8ef"><a href="{Html(link)}" style="color:#2556d8;text-decoration:none;font-weight:600">{Html(a.ProductName)}</a><br><span style="font-family:monospace;color:#64748b">{Html(a.Sku)}</span></td>
                  <td style="padding:8px;border-bottom:1px solid #e3e8ef">{Html(scope)}</td>
                  <td style="padding:8px;border-bottom:1px solid #e3e8ef;color:{(a.Level == AlertLevel.Out ? "#b91c1c" : "#b45309")};font-weight:600">{Html(level)}</td>
                  <td style="padding:8px;border-bottom:1px solid #e3e8ef;text-align:right;white-space:nowrap">{a.AvailableNow:N0}</td>
                  <td style="padding:8px;border-bottom:1px solid #e3e8ef;text-align:right;white-space:nowrap">{a.Threshold:N0}</td>
                </tr>
                """);
        }
        var allAlerts = links.Alerts();
        text.AppendLine();
        text.AppendLine(T["All alerts: {0}", allAlerts]);

        var html = $"""
            <!DOCTYPE html>
            <html lang="{CultureInfo.CurrentUICulture.TwoLetterISOLanguageName}"><body style="font-family:Arial,Helvetica,sans-serif;color:#1e293b;background:#f4f6fa;padding:24px">
            <div style="max-width:680px;margin:0 auto;background:#fff;border:1px solid #e3e8ef;border-radius:12px;padding:24px">
              <p style="margin:0 0 4px;color:#ff6b2c;font-weight:700">CodRocket Stock · {Html(storeName)}</p>
              <h1 style="font-size:20px;margin:0 0 16px">{Html(subject)}</h1>
              <table style="width:100%;border-collapse:collapse;font-size:14px">
                <thead><tr style="text-align:left;color:#64748b;font-size:12px;text-transform:uppercase">
                  <th style="padding:8px">{Html(T["Product"])}</th><th style="padding:8px">{Html(T["Scope"])}</th><th style="padding:8px">{Html(T["Level"])}</th>
                  <th style="padding:8px;text-align:right">{Html(T["Available"])}</th><th style="padding:8px;text-align:right">{Html(T["Alert at"])}</th></tr></thead>
                <tbody>{rows}</tbody>
              </table>
              <p style="margin:20px 0 0"><a href="{Html(allAlerts)}" style="background:#2556d8;color:#fff;padding:10px 16px;border-radius:8px;text-decoration:none">{Html(T["Open the alerts"])}</a></p>
              <p style="margin:20px 0 0;color:#64748b;font-size:12px">{Html(T["You receive this because stock alerts are on for you in {0}. Change it in Settings → Team.", storeName])}</p>
            </div></body></html>
            """;
        return new EmailMessage(to, subject, html, text.ToString(), notificationIds);
    }

    private string Subject(AlertLine a) => (a.Level, a.WarehouseCode) switch
    {
        (AlertLevel.Out, null) => T["Out of stock: {0} ({1})", a.ProductName, a.Sku],
        (AlertLevel.Out, { } code) => T["Out of stock: {0} ({1}) in {2}", a.ProductName, a.Sku, code],
        (_, null) => T["Low stock: {0} ({1}), {2:N0} left", a.ProductName, a.Sku, a.AvailableNow],
        (_, { } code) => T["Low stock: {0} ({1}) in {2}, {3:N0} left", a.ProductName, a.Sku, code, a.AvailableNow],
    };

    private string Scope(AlertLine a) => a.WarehouseCode is null ? T["All warehouses"] : $"{a.WarehouseCode} ({a.WarehouseName})";

    // Resource names are case-insensitive: "OUT OF STOCK" would collide with the pages' "Out of stock".
    private string Level(AlertLevel level) => level == AlertLevel.Out ? T["Out of stock"].Value.ToUpper(CultureInfo.CurrentCulture) : T["Low stock"];

    /// <summary>One alert in one SMS segment where possible: SKU rather than name (names often need Unicode, 70 characters).</summary>
    public string AlertSms(string storeName, AlertLine alert, CultureInfo culture) => Languages.In(culture, () =>
    {
        var level = Level(alert.Level);
        // Plain digits: a grouped number's separator (a narrow no-break space in French) would cost the GSM-7 alphabet.
        var (available, threshold) = (alert.AvailableNow.ToString(CultureInfo.InvariantCulture), alert.Threshold.ToString(CultureInfo.InvariantCulture));
        string text = alert.WarehouseCode is { } code
            ? T["{0}: {1} {2} - {3} left ({4}, alert at {5}).", storeName, level, alert.Sku, available, code, threshold]
            : T["{0}: {1} {2} - {3} left (all warehouses, alert at {4}).", storeName, level, alert.Sku, available, threshold];
        var limit = text.All(IsGsm7) ? SmsSegment : 70;
        return text.Length <= limit ? text : text[..(limit - 1)] + ".";
    });

    /// <summary>
    /// The one SMS (or WhatsApp message) that stands for the alerts a member received beyond the store's hourly cap,
    /// with the alerts page's address when it still fits in one segment. A plain hyphen, not a dash: a dash would
    /// cost the GSM-7 alphabet (70 characters a segment instead of 160).
    /// </summary>
    public string MoreAlertsSms(string storeName, int count, CultureInfo culture) => Languages.In(culture, () =>
    {
        string text = count == 1
            ? T["{0}: 1 more critical alert - see the dashboard.", storeName]
            : T["{0}: {1} more critical alerts - see the dashboard.", storeName, count];
        var withLink = $"{text} {links.Alerts()}";
        return withLink.Length <= (withLink.All(IsGsm7) ? SmsSegment : 70) ? withLink : text;
    });

    /// <summary>An SMS whose alert no longer exists (deleted with its store's data): still says what it was about.</summary>
    public string FallbackSms(string storeName, CultureInfo culture) => Languages.In(culture, () => T["{0}: stock alert.", storeName].Value);

    /// <summary>The invitation to a new team member, linking to the page where they choose a password (<paramref name="token"/>:
    /// Identity's password-reset token).</summary>
    public EmailMessage InvitationEmail(
        string storeName, Guid userId, string inviteeName, string to, string token, Guid notificationId, CultureInfo culture) => Languages.In(culture, () =>
    {
        var link = links.AcceptInvitation(userId, token);
        var subject = T["You are invited to {0} on CodRocket Stock", storeName].Value;
        var text = $"""
            {T["Hello {0},", inviteeName]}

            {T["You have been added to the team of {0} on CodRocket Stock, where the store tracks its stock and its low-stock alerts.", storeName]}
            {T["Choose your password to sign in (the link is valid for 3 days):"]}

            {link}
            """;
        var html = LinkEmailHtml(subject, T["Hello {0},", inviteeName],
            T["You have been added to the team of {0} on CodRocket Stock, where the store tracks its stock and its low-stock alerts.", storeName],
            link, T["Choose my password"], T["The link is valid for 3 days. If you did not expect this, ignore this e-mail."]);
        return new EmailMessage(to, subject, html, text, [notificationId], CarriesToken: true);
    });

    /// <summary>The request to a new owner to confirm their address (<paramref name="token"/>: Identity's e-mail confirmation token).</summary>
    public EmailMessage ConfirmationEmail(
        string storeName, Guid userId, string ownerName, string to, string token, Guid notificationId, CultureInfo culture) => Languages.In(culture, () =>
    {
        var link = links.ConfirmEmail(userId, token);
        var subject = T["Confirm your e-mail address for {0}", storeName].Value;
        var text = $"""
            {T["Hello {0},", ownerName]}

            {T["Confirm that this address is yours, so that {0}'s stock alerts can be e-mailed to it:", storeName]}

            {link}

            {T["If you did not create a store on CodRocket Stock, ignore this e-mail: nothing will be sent to you."]}
            """;
        var html = LinkEmailHtml(subject, T["Hello {0},", ownerName],
            T["Confirm that this address is yours, so that {0}'s stock alerts can be e-mailed to it:", storeName],
            link, T["Confirm my e-mail address"], T["If you did not create a store on CodRocket Stock, ignore this e-mail: nothing will be sent to you."]);
        return new EmailMessage(to, subject, html, text, [notificationId], CarriesToken: true);
    });

    /// <summary>The HTML of an e-mail whose point is one link (an invitation, a confirmation): a greeting, one paragraph,
    /// the link as a button, and a small note.</summary>
    private static string LinkEmailHtml(string subject, string greeting, string paragraph, string link, string button, string note) => $"""
        <!DOCTYPE html>
        <html lang="{CultureInfo.CurrentUICulture.TwoLetterISOLanguageName}"><body style="font-family:Arial,Helvetica,sans-serif;color:#1e293b;background:#f4f6fa;padding:24px">
        <div style="max-width:560px;margin:0 auto;background:#fff;border:1px solid #e3e8ef;border-radius:12px;padding:24px">
          <p style="margin:0 0 4px;color:#ff6b2c;font-weight:700">CodRocket Stock</p>
          <h1 style="font-size:20px;margin:0 0 12px">{Html(subject)}</h1>
          <p>{Html(greeting)}</p>
          <p>{Html(paragraph)}</p>
          <p style="margin:20px 0"><a href="{Html(link)}" style="background:#2556d8;color:#fff;padding:10px 16px;border-radius:8px;text-decoration:none">{Html(button)}</a></p>
          <p style="color:#64748b;font-size:12px">{Html(note)}</p>
        </div></body></html>
        """;

    // Escapes markup but leaves letters as they are: "Électro", not "&#201;lectro".
    private static readonly HtmlEncoder HtmlText = HtmlEncoder.Create(UnicodeRanges.All);

    private static string Html(string value) => HtmlText.Encode(value);

    private static bool IsGsm7(char c) =>
        c is >= ' ' and <= 'Z' or >= 'a' and <= 'z' and not '`' || "\n\r@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉÄÖÑÜ§¿äöñüà".Contains(c, StringComparison.Ordinal);
}
