using System.Net;
using System.Net.Sockets;

namespace Delisting.Api.Domain;

/// <summary>Hosts that a browser reads as an IP address, written in any of the forms it accepts; never a domain name.</summary>
public static class IpLiterals
{
    /// <summary>An IPv6 literal, bracketed or not, or anything a browser parses as IPv4 (see <see cref="EndsInNumber"/>).</summary>
    public static bool IsIpAddress(string host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        var h = host.Trim();
        if (h.Length >= 2 && h[0] == '[' && h[^1] == ']')
        {
            return IsIPv6(h[1..^1]);
        }

        if (h.Contains(':'))
        {
            return IsIPv6(h);
        }

        // Browsers map full-width digits and dots before parsing IPv4, so look at the ASCII form when there is one.
        var lower = h.ToLowerInvariant();
        return EndsInNumber(HostNames.TryToAscii(lower) ?? lower);
    }

    /// <summary>
    /// The WHATWG URL standard's "ends in a number" test: such a host is parsed as IPv4 (127.0.0.1, 0x7f.1,
    /// 2130706433, 1.2.3) or refused, so it is never a domain name.
    /// </summary>
    internal static bool EndsInNumber(string host)
    {
        var h = host.EndsWith('.') && host.Length > 1 ? host[..^1] : host;
        var last = h[(h.LastIndexOf('.') + 1)..];
        if (last.Length == 0)
        {
            return false;
        }

        if (last.All(char.IsAsciiDigit))
        {
            return true;
        }

        return last.Length >= 2 && last[0] == '0' && last[1] is ('x' or 'X') && last[2..].All(char.IsAsciiHexDigit);
    }

    private static bool IsIPv6(string s) =>
        IPAddress.TryParse(s, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
}
