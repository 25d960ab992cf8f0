using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace CodRocket.Stock.Webhooks;

/// <summary>Webhooks: section of configuration.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Lets endpoints reach private, loopback and link-local addresses (a local receiver in Development and tests). Off by default.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Only https URLs. Unset, the environment decides: required in Production.</summary>
    public bool? RequireHttps { get; set; }

    /// <summary>How long a receiver has to answer.</summary>
    public int TimeoutSeconds { get; set; } = 10;
}

/// <summary>Why a URL or address was refused (the merchant's words, localized by the caller).</summary>
public sealed class WebhookAddressRefusedException(string message) : Exception(message);

/// <summary>
/// The SSRF guard: an endpoint may only be an absolute http(s) URL (https only when required) whose host resolves to
/// public addresses — no private, loopback, link-local, multicast or otherwise reserved range, unless
/// <see cref="WebhookOptions.AllowPrivateNetworks"/>. Checked when an endpoint is saved and again at every delivery,
/// on every address the name resolves to then (a name can be pointed elsewhere after it was saved).
/// </summary>
public sealed class WebhookUrlPolicy(IOptions<WebhookOptions> options)
{
    public static readonly string MustBeAbsolute = Text.Key("Enter an absolute URL starting with https://.");
    public static readonly string MustBeHttps = Text.Key("Only https:// URLs are allowed.");
    public static readonly string PrivateAddress = Text.Key("This URL points to a private, loopback or link-local address, which webhooks may not reach.");
    public static readonly string Unresolvable = Text.Key("This URL's host name could not be resolved.");

    public WebhookOptions Options => options.Value;

    /// <summary>The reason <paramref name="url"/> is refused (an English text key), or null when it is allowed.</summary>
    public async Task<string?> CheckAsync(string? url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host) || !string.IsNullOrEmpty(uri.UserInfo) || url!.Length > WebhookEndpoint.UrlMaxLength)
        {
            return MustBeAbsolute;
        }
        if (uri.Scheme != Uri.UriSchemeHttps && options.Value.RequireHttps != false)
        {
            return MustBeHttps;
        }
        try
        {
            await ResolveAsync(uri.IdnHost, ct);
            return null;
        }
        catch (WebhookAddressRefusedException e)
        {
            return e.Message;
        }
    }

    /// <summary>Every address <paramref name="host"/> resolves to, all of them allowed; throws <see cref="WebhookAddressRefusedException"/> otherwise.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, ct);
            }
            catch (SocketException)
            {
                throw new WebhookAddressRefusedException(Unresolvable);
            }
        }
        if (addresses.Length == 0)
        {
            throw new WebhookAddressRefusedException(Unresolvable);
        }
        if (!options.Value.AllowPrivateNetworks && addresses.Any(a => !IsPublic(a)))
        {
            throw new WebhookAddressRefusedException(PrivateAddress);
        }
        return addresses;
    }

    /// <summary>False for loopback, private (RFC 1918, fc00::/7), link-local, CGNAT, multicast, unspecified, broadcast and documentation ranges.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] < 128)   // carrier-grade NAT
                || (b[0] == 169 && b[1] == 254)                // link-local (cloud metadata)
                || (b[0] == 172 && b[1] >= 16 && b[1] < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && (b[2] == 0 || b[2] == 2))
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19))
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)  // documentation
                || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)); // NAT64 can reach private IPv4
        }
        return false;
    }
}
