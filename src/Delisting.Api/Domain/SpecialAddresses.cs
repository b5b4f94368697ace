using System.Net;
using System.Net.Sockets;

namespace Delisting.Api.Domain;

/// <summary>
/// The IANA IPv4 and IPv6 special-purpose address registries (iana-ipv4-special-registry,
/// iana-ipv6-special-registry) as tables, plus the forms that carry an IPv4 address inside an IPv6 one. An address
/// is globally reachable when the most specific registry entry containing it says so (192.0.0.9 is, the rest of
/// 192.0.0.0/24 is not), or when no entry contains it and it is neither multicast nor, for IPv6, outside global
/// unicast (2000::/3).
/// </summary>
public static class SpecialAddresses
{
    /// <summary>One registry entry: a block and whether the registry marks it globally reachable.</summary>
    public sealed record Block(string Prefix, string Name, bool Global)
    {
        internal IPNetwork Network { get; } = IPNetwork.Parse(Prefix);
    }

    /// <summary>The IPv4 registry; multicast (224.0.0.0/4, a registry of its own) is added as not reachable here.</summary>
    public static readonly IReadOnlyList<Block> IPv4 =
    [
        new("0.0.0.0/8", "this network", false),
        new("10.0.0.0/8", "private-use", false),
        new("100.64.0.0/10", "shared address space", false),
        new("127.0.0.0/8", "loopback", false),
        new("169.254.0.0/16", "link-local", false),
        new("172.16.0.0/12", "private-use", false),
        new("192.0.0.0/24", "IETF protocol assignments", false),
        new("192.0.0.0/29", "IPv4 service continuity prefix", false),
        new("192.0.0.8/32", "IPv4 dummy address", false),
        new("192.0.0.9/32", "port control protocol anycast", true),
        new("192.0.0.10/32", "traversal using relays around NAT anycast", true),
        new("192.0.0.170/32", "NAT64/DNS64 discovery", false),
        new("192.0.0.171/32", "NAT64/DNS64 discovery", false),
        new("192.0.2.0/24", "documentation (TEST-NET-1)", false),
        new("192.31.196.0/24", "AS112-v4", true),
        new("192.52.193.0/24", "AMT", true),
        new("192.88.99.0/24", "deprecated 6to4 relay anycast", false),
        new("192.168.0.0/16", "private-use", false),
        new("192.175.48.0/24", "direct delegation AS112 service", true),
        new("198.18.0.0/15", "benchmarking", false),
        new("198.51.100.0/24", "documentation (TEST-NET-2)", false),
        new("203.0.113.0/24", "documentation (TEST-NET-3)", false),
        new("224.0.0.0/4", "multicast", false),
        new("240.0.0.0/4", "reserved", false),
        new("255.255.255.255/32", "limited broadcast", false),
    ];

    /// <summary>The IPv6 registry, with multicast and the deprecated site-local block added as not reachable.</summary>
    public static readonly IReadOnlyList<Block> IPv6 =
    [
        new("::1/128", "loopback", false),
        new("::/128", "unspecified", false),
        new("::ffff:0:0/96", "IPv4-mapped", false),
        new("64:ff9b::/96", "IPv4-IPv6 translation", true),
        new("64:ff9b:1::/48", "local-use IPv4/IPv6 translation", false),
        new("100::/64", "discard-only", false),
        new("100:0:0:1::/64", "dummy IPv6 prefix", false),
        new("2001::/23", "IETF protocol assignments", false),
        new("2001::/32", "Teredo", false),
        new("2001:1::1/128", "port control protocol anycast", true),
        new("2001:1::2/128", "traversal using relays around NAT anycast", true),
        new("2001:1::3/128", "DNS-SD service registration protocol anycast", true),
        new("2001:2::/48", "benchmarking", false),
        new("2001:3::/32", "AMT", true),
        new("2001:4:112::/48", "AS112-v6", true),
        new("2001:10::/28", "deprecated ORCHID", false),
        new("2001:20::/28", "ORCHIDv2", true),
        new("2001:30::/28", "drone remote ID protocol entity tags", true),
        new("2001:db8::/32", "documentation", false),
        new("2002::/16", "6to4", false),
        new("2620:4f:8000::/48", "direct delegation AS112 service", true),
        new("3fff::/20", "documentation", false),
        new("5f00::/16", "segment routing (SRv6) SIDs", false),
        new("fc00::/7", "unique-local", false),
        new("fe80::/10", "link-local unicast", false),
        new("fec0::/10", "deprecated site-local", false),
        new("ff00::/8", "multicast", false),
    ];

    private static readonly IPNetwork GlobalUnicast = IPNetwork.Parse("2000::/3");

    /// <summary>The forms of IPv6 address that carry an IPv4 address, refused whatever the IPv4 address is.</summary>
    private static readonly (IPNetwork Network, string Name)[] Embedding =
    [
        (IPNetwork.Parse("::ffff:0:0/96"), "IPv4-mapped"),
        (IPNetwork.Parse("::/96"), "IPv4-compatible"),
        (IPNetwork.Parse("64:ff9b::/96"), "NAT64"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "local-use NAT64"),
        (IPNetwork.Parse("2002::/16"), "6to4"),
        (IPNetwork.Parse("2001::/32"), "Teredo"),
    ];

    /// <summary>Why the address is not a globally reachable one (in the registries' words), or null when it is.</summary>
    public static string? NotGlobal(IPAddress address)
    {
        var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        if (v6 && address.ScopeId != 0) address = new IPAddress(address.GetAddressBytes());
        var block = MostSpecific(v6 ? IPv6 : IPv4, address);
        if (block is { Global: false }) return $"{block.Name} ({block.Prefix})";
        if (!v6) return null;
        foreach (var (network, name) in Embedding)
        {
            if (network.Contains(address)) return $"an {name} address (it embeds the IPv4 address {EmbeddedIPv4(address, name)})";
        }
        return block is null && !GlobalUnicast.Contains(address) ? "outside global unicast (2000::/3)" : null;
    }

    private static Block? MostSpecific(IReadOnlyList<Block> table, IPAddress address) =>
        table.Where(b => b.Network.Contains(address)).MaxBy(b => b.Network.PrefixLength);

    /// <summary>The IPv4 address inside an embedding form: bits 16–47 for 6to4, the inverted last 32 bits for Teredo, else the last 32.</summary>
    private static IPAddress EmbeddedIPv4(IPAddress address, string form)
    {
        var b = address.GetAddressBytes();
        return form switch
        {
            "6to4" => new IPAddress(b[2..6]),
            "Teredo" => new IPAddress(b[12..16].Select(x => (byte)~x).ToArray()),
            _ => new IPAddress(b[12..16]),
        };
    }
}
