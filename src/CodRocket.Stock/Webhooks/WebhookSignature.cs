using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CodRocket.Stock.Webhooks;

/// <summary>
/// Standard Webhooks signing (github.com/standard-webhooks/standard-webhooks, spec/standard-webhooks.md): the
/// signature is base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")) where the key is the base64 part
/// of the <c>whsec_</c> secret; several signatures (a rotation) go space-separated, each prefixed <c>v1,</c>.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(WebhookEndpoint.SecretPrefix, StringComparison.Ordinal) ? secret[WebhookEndpoint.SecretPrefix.Length..] : secret);
        var content = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>The <c>webhook-signature</c> header: one <c>v1,</c> signature per secret.</summary>
    public static string Header(IEnumerable<string> secrets, string messageId, long timestamp, string body) =>
        string.Join(' ', secrets.Select(s => Sign(s, messageId, timestamp, body)));

    /// <summary>What a receiver does: true when one of the header's signatures is the one <paramref name="secret"/> makes.</summary>
    public static bool Verify(string secret, string messageId, long timestamp, string body, string header)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(secret, messageId, timestamp, body));
        return header.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }
}
