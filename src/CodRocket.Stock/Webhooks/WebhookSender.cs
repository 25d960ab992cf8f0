namespace CodRocket.Stock.Webhooks;

public sealed record WebhookPost(string Url, IReadOnlyDictionary<string, string> Headers, string Body);

/// <param name="Status">The receiver's HTTP status; null when no answer came (refused address, timeout, connection error).</param>
public sealed record WebhookPostResult(int? Status, TimeSpan Duration, string? Error)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>Posts one signed delivery. The web project's implementation uses IHttpClientFactory, a short timeout, no
/// redirects, and checks the addresses it connects to with <see cref="WebhookUrlPolicy"/>.</summary>
public interface IWebhookSender
{
    Task<WebhookPostResult> SendAsync(WebhookPost request, CancellationToken ct);
}
