using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text;
using CodRocket.Stock.Alerts;
using CodRocket.Stock.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Notifications;

/// <summary>An alert as a message describes it, with the scope's stock at the time of sending.</summary>
public sealed record AlertLine(
    Guid AlertId, Guid ProductId, string Sku, string ProductName, string? WarehouseCode, string? WarehouseName,
    AlertLevel Level, int Threshold, int AvailableNow)
{
    public string Scope => WarehouseCode is null ? "all warehouses" : $"{WarehouseCode} ({WarehouseName})";
}

/// <summary>
/// Writes alert e-mails (one alert: a plain message; several pending for one recipient: one digest listing them)
/// and SMS texts (short, one per alert, one segment where possible).
/// </summary>
public sealed class NotificationComposer(StockDbContext db, IOptions<LinkOptions> links)
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
                    .Sum(s => s.OnHand - s.Reserved)))
            .ToDictionaryAsync(a => a.AlertId, ct);
    }

    public EmailMessage AlertEmail(string storeName, string to, IReadOnlyList<AlertLine> alerts, IReadOnlyList<Guid> notificationIds)
    {
        var ordered = alerts.OrderByDescending(a => a.Level).ThenBy(a => a.AvailableNow).ThenBy(a => a.Sku, StringComparer.Ordinal).ToList();
        var subject = ordered.Count == 1
            ? $"{(ordered[0].Level == AlertLevel.Out ? "Out of stock" : "Low stock")}: {ordered[0].ProductName} ({ordered[0].Sku})"
              + (ordered[0].WarehouseCode is { } code ? $" in {code}" : "")
              + (ordered[0].Level == AlertLevel.Low ? $", {ordered[0].AvailableNow.ToString("N0", CultureInfo.InvariantCulture)} left" : "")
            : $"Stock alerts: {ordered.Count} need attention ({ordered.Count(a => a.Level == AlertLevel.Out)} out of stock)";

        var text = new StringBuilder();
        text.AppendLine(ordered.Count == 1 ? $"{storeName}: a product reached its Low Stock Alert." : $"{storeName}: {ordered.Count} stock alerts need attention.");
        text.AppendLine();
        var rows = new StringBuilder();
        foreach (var a in ordered)
        {
            var link = links.Value.Absolute($"/inventory/products/{a.ProductId}");
            var level = a.Level == AlertLevel.Out ? "OUT OF STOCK" : "Low stock";
            text.AppendLine(CultureInfo.InvariantCulture, $"- {level}: {a.ProductName} (SKU {a.Sku}), {a.Scope}: {a.AvailableNow:N0} available, alert at {a.Threshold:N0} or below");
            text.AppendLine(CultureInfo.InvariantCulture, $"  {link}");
            rows.Append(CultureInfo.InvariantCulture,
                $"""
                <tr>
                  <td style="padding:8px;border-bottom:1px solid #e3e8ef"><a href="{Html(link)}" style="color:#2556d8;text-decoration:none;font-weight:600">{Html(a.ProductName)}</a><br><span style="font-family:monospace;color:#64748b">{Html(a.Sku)}</span></td>
                  <td style="padding:8px;border-bottom:1px solid #e3e8ef">{Html(a.Scope)}</td>
                  <td style="padding:8px;border-bottom:1px solid #e3e8ef;color:{(a.Level == AlertLevel.Out ? "#b91c1c" : "#b45309")};font-weight:600">{level}</td>
                  <td style="padding:8px;border-bottom:1px solid #e3e8ef;text-align:right">{a.AvailableNow:N0}</td>
                  <td style="padding:8px;border-bottom:1px solid #e3e8ef;text-align:right">{a.Threshold:N0}</td>
                </tr>
                """);
        }
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"All alerts: {links.Value.Absolute("/inventory/alerts")}");

        var html = $"""
            <!DOCTYPE html>
            <html><body style="font-family:Arial,Helvetica,sans-serif;color:#1e293b;background:#f4f6fa;padding:24px">
            <div style="max-width:680px;margin:0 auto;background:#fff;border:1px solid #e3e8ef;border-radius:12px;padding:24px">
              <p style="margin:0 0 4px;color:#ff6b2c;font-weight:700">CodRocket Stock · {Html(storeName)}</p>
              <h1 style="font-size:20px;margin:0 0 16px">{Html(subject)}</h1>
              <table style="width:100%;border-collapse:collapse;font-size:14px">
                <thead><tr style="text-align:left;color:#64748b;font-size:12px;text-transform:uppercase">
                  <th style="padding:8px">Product</th><th style="padding:8px">Scope</th><th style="padding:8px">Level</th>
                  <th style="padding:8px;text-align:right">Available</th><th style="padding:8px;text-align:right">Alert at</th></tr></thead>
                <tbody>{rows}</tbody>
              </table>
              <p style="margin:20px 0 0"><a href="{Html(links.Value.Absolute("/inventory/alerts"))}" style="background:#2556d8;color:#fff;padding:10px 16px;border-radius:8px;text-decoration:none">Open the alerts</a></p>
              <p style="margin:20px 0 0;color:#64748b;font-size:12px">You receive this because stock alerts are on for you in {Html(storeName)}. Change it in Settings → Team.</p>
            </div></body></html>
            """;
        return new EmailMessage(to, subject, html, text.ToString(), notificationIds);
    }

    /// <summary>One alert in one SMS segment where possible: SKU rather than name (names often need Unicode, 70 characters).</summary>
    public static string AlertSms(string storeName, AlertLine alert)
    {
        var level = alert.Level == AlertLevel.Out ? "OUT OF STOCK" : "Low stock";
        var scope = alert.WarehouseCode ?? "all warehouses";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{storeName}: {level} {alert.Sku} - {alert.AvailableNow} left ({scope}, alert at {alert.Threshold}).");
        var limit = text.All(IsGsm7) ? SmsSegment : 70;
        return text.Length <= limit ? text : text[..(limit - 1)] + ".";
    }

    public EmailMessage InvitationEmail(string storeName, string inviteeName, string to, string acceptPath, Guid notificationId)
    {
        var link = links.Value.Absolute(acceptPath);
        var subject = $"You are invited to {storeName} on CodRocket Stock";
        var text = $"""
            Hello {inviteeName},

            You have been added to the team of {storeName} on CodRocket Stock, where the store tracks its stock and its low-stock alerts.
            Choose your password to sign in (the link is valid for 3 days):

            {link}
            """;
        var html = $"""
            <!DOCTYPE html>
            <html><body style="font-family:Arial,Helvetica,sans-serif;color:#1e293b;background:#f4f6fa;padding:24px">
            <div style="max-width:560px;margin:0 auto;background:#fff;border:1px solid #e3e8ef;border-radius:12px;padding:24px">
              <p style="margin:0 0 4px;color:#ff6b2c;font-weight:700">CodRocket Stock</p>
              <h1 style="font-size:20px;margin:0 0 12px">{Html(subject)}</h1>
              <p>Hello {Html(inviteeName)},</p>
              <p>You have been added to the team of <strong>{Html(storeName)}</strong>, where the store tracks its stock and its low-stock alerts.</p>
              <p style="margin:20px 0"><a href="{Html(link)}" style="background:#2556d8;color:#fff;padding:10px 16px;border-radius:8px;text-decoration:none">Choose my password</a></p>
              <p style="color:#64748b;font-size:12px">The link is valid for 3 days. If you did not expect this, ignore this e-mail.</p>
            </div></body></html>
            """;
        return new EmailMessage(to, subject, html, text, [notificationId]);
    }

    // Escapes markup but leaves letters as they are: "Électro", not "&#201;lectro".
    private static readonly HtmlEncoder HtmlText = HtmlEncoder.Create(UnicodeRanges.All);

    private static string Html(string value) => HtmlText.Encode(value);

    private static bool IsGsm7(char c) =>
        c is >= ' ' and <= 'Z' or >= 'a' and <= 'z' and not '`' || "\n\r@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉÄÖÑÜ§¿äöñüà".Contains(c, StringComparison.Ordinal);
}
