using System.Globalization;
using CodRocket.Stock.Alerts;
using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Notifications;

/// <summary>An alert as a message describes it, with the scope's stock at the time of sending and its days of stock left
/// (null: no recent sales).</summary>
public sealed record AlertLine(
    Guid AlertId, Guid ProductId, string Sku, string ProductName, string? WarehouseCode, string? WarehouseName,
    AlertLevel Level, int Threshold, int AvailableNow, decimal? DaysLeft = null, string ProductUrl = "");

/// <summary>
/// Writes alert e-mails (one alert: a plain message; several pending for one recipient: one digest listing the first
/// <see cref="DigestLimit"/>, the rest behind a link) and SMS texts (short, one per alert, one segment where possible),
/// each in the recipient's language: the <paramref name="T"/> localizer reads the current UI culture, which every method
/// here sets from its argument. The bodies come from <see cref="IEmailTemplates"/>; a digest's body is rendered once per
/// content and language and shared by every recipient (only the unsubscribe link differs, put in afterwards).
/// </summary>
public sealed class NotificationComposer(
    StockDbContext db, IAppLinks links, IEmailTemplates templates, IAlertOutlook outlook, UnsubscribeTokens unsubscribe, IStringLocalizer T)
{
    public const int SmsSegment = 160;

    /// <summary>Products named in a digest's body: 50 rows keep the HTML far under Gmail's ~102 KB clipping.</summary>
    public const int DigestLimit = 50;

    /// <summary>Stands for the recipient's unsubscribe link in a shared rendering; only letters, so no encoder touches it.</summary>
    private const string UnsubscribePlaceholder = "https://unsubscribe.invalid/LINKPLACEHOLDER";

    private readonly Dictionary<string, EmailBody> _rendered = [];

    public async Task<Dictionary<Guid, AlertLine>> AlertsAsync(IEnumerable<Guid> alertIds, CancellationToken ct)
    {
        var ids = alertIds.Distinct().ToList();
        var lines = await db.StockAlerts.AsNoTracking()
            .Where(a => ids.Contains(a.Id))
            .Select(a => new AlertLine(
                a.Id, a.ProductId, a.Product.Sku, a.Product.Name,
                a.Warehouse == null ? null : a.Warehouse.Code,
                a.Warehouse == null ? null : a.Warehouse.Name,
                a.Level, a.Threshold,
                db.StockLevels.Where(s => s.ProductId == a.ProductId && (a.WarehouseId == null || s.WarehouseId == a.WarehouseId))
                    .Sum(s => s.Available), null, ""))
            .ToListAsync(ct);
        var daysLeft = lines.Count == 0 ? new Dictionary<Guid, decimal?>() : await outlook.DaysLeftAsync(ids, ct);
        return lines.ToDictionary(a => a.AlertId, a => a with { DaysLeft = daysLeft.GetValueOrDefault(a.AlertId), ProductUrl = links.Product(a.ProductId) });
    }

    /// <summary>
    /// The alert e-mail for one recipient. <paramref name="memberId"/>: the member it goes to (their one-click
    /// unsubscribe link and List-Unsubscribe header); null for an address that is no member's.
    /// </summary>
    public async Task<EmailMessage> AlertEmailAsync(
        string storeName, string to, Guid? memberId, IReadOnlyList<AlertLine> alerts, IReadOnlyList<Guid> notificationIds, CultureInfo culture)
    {
        // What runs out first comes first: days of stock left (out of stock is 0), no recent sales last, then the name.
        var ordered = alerts.OrderBy(a => a.DaysLeft ?? decimal.MaxValue).ThenBy(a => a.ProductName, StringComparer.CurrentCulture)
            .ThenBy(a => a.Sku, StringComparer.Ordinal).ThenBy(a => a.WarehouseCode, StringComparer.Ordinal).ToList();
        var shown = ordered.Take(DigestLimit).ToList();
        var subject = Languages.In(culture, () => ordered.Count == 1
            ? Subject(ordered[0])
            : T["Stock alerts: {0} need attention ({1} out of stock)", ordered.Count, ordered.Count(a => a.Level == AlertLevel.Out)].Value);
        var key = string.Join(",", [culture.Name, storeName, subject, .. shown.Select(a => $"{a.AlertId}:{a.AvailableNow}:{a.Level}:{a.DaysLeft}")]) + $"+{ordered.Count}";
        if (!_rendered.TryGetValue(key, out var body))
        {
            body = await templates.RenderAsync(
                new AlertEmailContent(storeName, subject, shown, ordered.Count - shown.Count, links.Alerts(), links.Alerts())
                {
                    UnsubscribeUrl = UnsubscribePlaceholder,
                },
                culture);
            _rendered[key] = body;
        }
        var unsubscribeUrl = memberId is { } member ? links.Unsubscribe(unsubscribe.For(db.CurrentTenantId!.Value, member)) : null;
        var kept = Languages.In(culture, () => T["(your unsubscribe link)"].Value);
        return new EmailMessage(to, subject, Personal(body.Html, unsubscribeUrl), Personal(body.Text, unsubscribeUrl), notificationIds,
            UnsubscribeUrl: unsubscribeUrl, KeptText: body.Text.Replace(UnsubscribePlaceholder, kept, StringComparison.Ordinal));
    }

    /// <summary>The shared rendering with this recipient's link, or without the unsubscribe line when there is none.</summary>
    private static string Personal(string rendered, string? unsubscribeUrl) =>
        unsubscribeUrl is null ? rendered.Replace(UnsubscribePlaceholder, "", StringComparison.Ordinal) : rendered.Replace(UnsubscribePlaceholder, unsubscribeUrl, StringComparison.Ordinal);

    private string Subject(AlertLine a) => (a.Level, a.WarehouseCode) switch
    {
        (AlertLevel.Out, null) => T["Out of stock: {0} ({1})", a.ProductName, a.Sku],
        (AlertLevel.Out, { } code) => T["Out of stock: {0} ({1}) in {2}", a.ProductName, a.Sku, code],
        (_, null) => T["Low stock: {0} ({1}), {2:N0} left", a.ProductName, a.Sku, a.AvailableNow],
        (_, { } code) => T["Low stock: {0} ({1}) in {2}, {3:N0} left", a.ProductName, a.Sku, code, a.AvailableNow],
    };

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
    public async Task<EmailMessage> InvitationEmailAsync(
        string storeName, Guid userId, string inviteeName, string to, string token, Guid notificationId, CultureInfo culture)
    {
        var content = Languages.In(culture, () => new LinkEmailContent(storeName,
            T["You are invited to {0} on CodRocket Stock", storeName],
            T["Hello {0},", inviteeName],
            T["You have been added to the team of {0} on CodRocket Stock, where the store tracks its stock and its low-stock alerts.", storeName]
                + " " + T["Choose your password to sign in (the link is valid for 3 days):"],
            links.AcceptInvitation(userId, token), T["Choose my password"],
            T["The link is valid for 3 days. If you did not expect this, ignore this e-mail."]));
        var body = await templates.RenderAsync(content, culture);
        return new EmailMessage(to, content.Subject, body.Html, body.Text, [notificationId], CarriesToken: true);
    }

    /// <summary>The request to a new owner to confirm their address (<paramref name="token"/>: Identity's e-mail confirmation token).</summary>
    public async Task<EmailMessage> ConfirmationEmailAsync(
        string storeName, Guid userId, string ownerName, string to, string token, Guid notificationId, CultureInfo culture)
    {
        var content = Languages.In(culture, () => new LinkEmailContent(storeName,
            T["Confirm your e-mail address for {0}", storeName],
            T["Hello {0},", ownerName],
            T["Confirm that this address is yours, so that {0}'s stock alerts can be e-mailed to it:", storeName],
            links.ConfirmEmail(userId, token), T["Confirm my e-mail address"],
            T["If you did not create a store on CodRocket Stock, ignore this e-mail: nothing will be sent to you."]));
        var body = await templates.RenderAsync(content, culture);
        return new EmailMessage(to, content.Subject, body.Html, body.Text, [notificationId], CarriesToken: true);
    }

    /// <summary>To the owner: a member's API keys were revoked when someone else removed them or made them Staff.</summary>
    public async Task<EmailMessage> KeysRevokedEmailAsync(
        string storeName, string ownerName, string memberName, string revokedBy, IReadOnlyList<string> keys, string to, Guid notificationId, CultureInfo culture)
    {
        var content = Languages.In(culture, () => new LinkEmailContent(storeName,
            T["API keys revoked in {0}", storeName],
            T["Hello {0},", ownerName],
            T["{0} removed {1} from the team or made them Staff, so the API keys {1} created were revoked: {2}. Integrations using them have stopped working; create new keys for the ones still needed.",
                revokedBy, memberName, string.Join(", ", keys)],
            links.ApiKeys(), T["Open API keys"], null));
        var body = await templates.RenderAsync(content, culture);
        return new EmailMessage(to, content.Subject, body.Html, body.Text, [notificationId]);
    }

    /// <summary>To the owner: a webhook endpoint was turned off after 24 h of failed deliveries.</summary>
    public async Task<EmailMessage> WebhookDisabledEmailAsync(string storeName, string ownerName, string url, string to, Guid notificationId, CultureInfo culture)
    {
        var content = Languages.In(culture, () => new LinkEmailContent(storeName,
            T["Webhook endpoint turned off in {0}", storeName],
            T["Hello {0},", ownerName],
            T["Deliveries to {0} failed for 24 hours, so the endpoint was turned off and receives no more events. Fix the receiver, then turn the endpoint on again and replay what it missed from its delivery log.", url],
            links.Webhooks(), T["Open webhooks"], null));
        var body = await templates.RenderAsync(content, culture);
        return new EmailMessage(to, content.Subject, body.Html, body.Text, [notificationId]);
    }

    /// <summary>The test e-mail of Settings → Notifications.</summary>
    public async Task<EmailMessage> TestEmailAsync(string storeName, string to, Guid notificationId, CultureInfo culture)
    {
        var content = Languages.In(culture, () => new LinkEmailContent(storeName,
            T["Test email from CodRocket Stock"], null, T["This is a test from {0}: stock alert emails reach you.", storeName],
            links.Alerts(), T["Open the alerts"], null));
        var body = await templates.RenderAsync(content, culture);
        return new EmailMessage(to, content.Subject, body.Html, body.Text, [notificationId]);
    }

    /// <summary>The morning summary for one member, in their language.</summary>
    public async Task<EmailMessage> MorningSummaryEmailAsync(MorningSummaryContent content, string to, Guid notificationId, CultureInfo culture)
    {
        var subject = Languages.In(culture, () => T["{0}: morning stock summary", content.StoreName].Value);
        var localized = content with { Subject = subject };
        var key = $"summary:{culture.Name}";
        if (!_rendered.TryGetValue(key, out var body))
        {
            body = await templates.RenderAsync(localized, culture);
            _rendered[key] = body;
        }
        return new EmailMessage(to, subject, body.Html, body.Text, [notificationId]);
    }

    private static bool IsGsm7(char c) =>
        c is >= ' ' and <= 'Z' or >= 'a' and <= 'z' and not '`' || "\n\r@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉÄÖÑÜ§¿äöñüà".Contains(c, StringComparison.Ordinal);
}
