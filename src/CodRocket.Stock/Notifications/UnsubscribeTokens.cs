using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace CodRocket.Stock.Notifications;

/// <summary>
/// The token of an alert e-mail's one-click unsubscribe link: the store and the member, protected by ASP.NET Core
/// Data Protection (encrypted and authenticated with the cluster's keys, kept in the database), so nobody can forge a
/// link that turns off someone else's e-mail. It does not expire: a link in an old e-mail keeps working, and all it
/// can ever do is turn off that one member's stock-alert e-mail.
/// </summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("CodRocket.Stock.Notifications.Unsubscribe.v1");

    public string For(Guid tenantId, Guid memberId)
    {
        var payload = new byte[32];
        tenantId.TryWriteBytes(payload.AsSpan(0, 16));
        memberId.TryWriteBytes(payload.AsSpan(16, 16));
        return Base64Url.EncodeToString(_protector.Protect(payload));
    }

    /// <summary>False for anything that is not a token we made (altered, truncated, from another cluster's keys).</summary>
    public bool TryRead(string? token, out Guid tenantId, out Guid memberId)
    {
        (tenantId, memberId) = (Guid.Empty, Guid.Empty);
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return false;
        }
        try
        {
            var payload = _protector.Unprotect(Base64Url.DecodeFromChars(token));
            if (payload.Length != 32)
            {
                return false;
            }
            (tenantId, memberId) = (new Guid(payload.AsSpan(0, 16)), new Guid(payload.AsSpan(16, 16)));
            return true;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return false;
        }
    }
}
