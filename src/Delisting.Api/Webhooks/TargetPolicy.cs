using System.Net;
using System.Net.Sockets;

namespace Delisting.Api.Webhooks;

/// <summary>
/// Where deliveries may go (SSRF): https only unless `Webhooks:AllowHttp`; never to loopback, private, link-local,
/// multicast or otherwise non-public addresses unless `Webhooks:AllowPrivateTargets` (both true in Development and
/// tests only). Checked when a subscription is made (the name as it resolves then) and on every connection (the
/// address actually connected to, so a name that later resolves elsewhere cannot reach inside).
/// </summary>
public sealed class TargetPolicy(IConfiguration configuration)
{
    public bool AllowHttp => configuration.GetValue("Webhooks:AllowHttp", false);
    public bool AllowPrivateTargets => configuration.GetValue("Webhooks:AllowPrivateTargets", false);

    /// <summary>Why the URL may not receive deliveries, or null when it may.</summary>
    public async Task<string?> RefusalAsync(string url, CancellationToken cancellationToken)
    {
        if (url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
        {
            return "url must be an absolute https URL of at most 2,048 characters.";
        }
        if (uri.Scheme == "http" && !AllowHttp) return "url must use https.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "url must not carry user info.";
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.DnsSafeHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken);
        }
        catch (Exception exception) when (exception is SocketException or ArgumentException)
        {
            return $"The host '{uri.Host}' does not resolve.";
        }
        if (addresses.Length == 0) return $"The host '{uri.Host}' does not resolve.";
        var inside = addresses.FirstOrDefault(a => !IsPublic(a));
        return inside is not null && !AllowPrivateTargets ? $"The host '{uri.Host}' resolves to {inside}, which is not a public address." : null;
    }

    /// <summary>Whether a connection to this address is allowed.</summary>
    public bool MayConnect(IPAddress address) => AllowPrivateTargets || IsPublic(address);

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal);
        }
        var b = address.GetAddressBytes();
        return !(b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
                 || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] >= 224);
    }
}
