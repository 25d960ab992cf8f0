using System.Globalization;

namespace CodRocket.Stock.Notifications;

/// <summary>
/// What an e-mail says, as data: the web project renders it with Razor components (one layout for every mail, HTML and
/// text), the way <see cref="IAppLinks"/> builds its addresses. The domain decides the content and the subject; the
/// templates decide how it looks.
/// </summary>
public abstract record EmailContent(string StoreName, string Subject)
{
    /// <summary>The one-click unsubscribe address, or null for mail that is not a stock alert (it cannot be turned off).</summary>
    public string? UnsubscribeUrl { get; init; }
}

/// <summary>One alert, or a digest: the first <see cref="Alerts"/> (sorted by days of stock left), then <see cref="More"/>
/// others behind <see cref="MoreUrl"/>.</summary>
public sealed record AlertEmailContent(
    string StoreName, string Subject, IReadOnlyList<AlertLine> Alerts, int More, string AlertsUrl, string MoreUrl)
    : EmailContent(StoreName, Subject);

/// <summary>An e-mail whose point is one link, or none (a test): a greeting, a paragraph, the button, a small note.</summary>
public sealed record LinkEmailContent(
    string StoreName, string Subject, string? Greeting, string Paragraph, string? Link, string? Button, string? Note)
    : EmailContent(StoreName, Subject);

/// <summary>The morning summary: what runs out first, open alerts by level, and yesterday's filled backorders.</summary>
public sealed record MorningSummaryContent(
    string StoreName, string Subject, DateOnly Day, IReadOnlyList<SummaryProduct> RunningOut, int OpenOutOfStock, int OpenLow,
    IReadOnlyList<SummaryBackorder> BackordersFilled, int OrdersFilled, string ReportUrl, string AlertsUrl)
    : EmailContent(StoreName, Subject);

/// <param name="DaysLeft">Available ÷ velocity, as the stock report computes it; null: no recent sales.</param>
public sealed record SummaryProduct(Guid ProductId, string Sku, string Name, string Url, int Available, decimal? DaysLeft, DateOnly? StockOut, int Reorder);

public sealed record SummaryBackorder(string Sku, string Name, int Units);

/// <summary>The bodies of one e-mail.</summary>
public sealed record EmailBody(string Html, string Text);

public interface IEmailTemplates
{
    /// <summary>The HTML and text bodies of <paramref name="content"/> in <paramref name="culture"/>.</summary>
    Task<EmailBody> RenderAsync(EmailContent content, CultureInfo culture);
}

/// <summary>
/// Days of stock left per alert, from the forecasting code (the stock report's own figures): the digest lists what runs
/// out first. Implemented in Forecasting, which notifications may not call directly (the arrows point one way).
/// </summary>
public interface IAlertOutlook
{
    Task<IReadOnlyDictionary<Guid, decimal?>> DaysLeftAsync(IReadOnlyCollection<Guid> alertIds, CancellationToken ct);
}

/// <summary>
/// The morning summary's figures for the current store, from the stock report's own code. Implemented in Forecasting
/// (notifications may not call it directly) 
/// </summary>
public interface IMorningSummarySource
{
    Task<MorningSummaryContent> BuildAsync(CancellationToken ct);
}
