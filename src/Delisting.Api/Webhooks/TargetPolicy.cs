using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Delisting.Api.Domain;

namespace Delisting.Api.Webhooks;

/// <summary>
/// Where deliveries may go (SSRF): https only unless `Webhooks:AllowHttp`; never to an address that the IANA
/// special-purpose registries mark as not globally reachable, to an IPv6 form that carries an IPv4 address, or to one of
/// this host's own addresses, unless `Webhooks:AllowPrivateTargets` (both true in Development and tests only). Checked
/// when a subscription is made (the name as it resolves then) and on every connection (the address actually connected
/// to, so a name that later resolves elsewhere cannot reach inside).
/// </summary>
public sealed class TargetPolicy(IConfiguration configuration)
{
    public bool AllowHttp => configuration.GetValue("Webhooks:AllowHttp", false);
    public bool AllowPrivateTargets => configuration.GetValue("Webhooks:AllowPrivateTargets", false);

    /// <summary>Why the URL may not receive deliveries, or null when it may.</summary>
    public async Task<string?> RefusalAsync(string url, CancellationToken cancellationToken)
    {
        if (url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || string.IsNullOrEmpty(uri.Host))
        {
            return "url must be an absolute https URL of at most 2,048 characters.";
        }
        if (uri.Scheme == "http" && !AllowHttp) return "url must use https.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "url must not carry user info.";
        if (uri.Port == 0) return "url must not name port 0: leave the port out or give one from 1 to 65535.";
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.DnsSafeHost, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken);
        }
        catch (Exception exception) when (exception is SocketException or ArgumentException)
        {
            return $"The host '{uri.Host}' does not resolve.";
        }
        if (addresses.Length == 0) return $"The host '{uri.Host}' does not resolve.";
        if (AllowPrivateTargets) return null;
        return addresses.Select(a => (Address: a, Why: WhyNotPublic(a))).FirstOrDefault(a => a.Why is not null) is { Why: not null } inside
            ? $"The host '{uri.Host}' resolves to {inside.Address}, which is not a public address: {inside.Why}."
            : null;
    }

    /// <summary>Whether a connection to this address is allowed.</summary>
    public bool MayConnect(IPAddress address) => AllowPrivateTargets || IsPublic(address);

    public static bool IsPublic(IPAddress address) => WhyNotPublic(address) is null;

    /// <summary>Why deliveries may not go to this address, or null when they may.</summary>
    public static string? WhyNotPublic(IPAddress address) =>
        SpecialAddresses.NotGlobal(address) ?? (OwnAddresses().Contains(address) ? "it is one of this host's own addresses" : null);

    /// <summary>This host's interface addresses, read at each check (interfaces come and go).</summary>
    private static HashSet<IPAddress> OwnAddresses()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Select(u => u.Address.IsIPv4MappedToIPv6 ? u.Address.MapToIPv4() : u.Address)
                .Select(a => a.AddressFamily == AddressFamily.InterNetworkV6 ? new IPAddress(a.GetAddressBytes()) : a)
                .ToHashSet();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }
}
