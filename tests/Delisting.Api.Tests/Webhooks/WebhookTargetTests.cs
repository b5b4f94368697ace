using System.Net;
using System.Net.Http.Json;
using System.Net.NetworkInformation;
using Delisting.Api.Tests.Infrastructure;
using Delisting.Api.Webhooks;

namespace Delisting.Api.Tests.Webhooks;

/// <summary>
/// Webhook targets against the IANA IPv4 and IPv6 special-purpose address registries (as published 2025): for each
/// entry, its first and last address, and whether the registry marks it globally reachable. The IPv6 forms that carry
/// an IPv4 address are refused whatever they carry.
/// </summary>
public sealed class WebhookTargetTests
{
    [Theory]
    // IPv4 registry: block, first address, last address, globally reachable
    [InlineData("0.0.0.0", "0.255.255.255", false)]        // 0.0.0.0/8 this network
    [InlineData("10.0.0.0", "10.255.255.255", false)]      // private-use
    [InlineData("100.64.0.0", "100.127.255.255", false)]   // shared address space
    [InlineData("127.0.0.0", "127.255.255.255", false)]    // loopback
    [InlineData("169.254.0.0", "169.254.255.255", false)]  // link-local
    [InlineData("172.16.0.0", "172.31.255.255", false)]    // private-use
    [InlineData("192.0.0.0", "192.0.0.255", false)]        // IETF protocol assignments
    [InlineData("192.0.0.8", "192.0.0.8", false)]          // IPv4 dummy address
    [InlineData("192.0.0.9", "192.0.0.9", true)]           // PCP anycast
    [InlineData("192.0.0.10", "192.0.0.10", true)]         // TURN anycast
    [InlineData("192.0.0.170", "192.0.0.171", false)]      // NAT64/DNS64 discovery
    [InlineData("192.0.2.0", "192.0.2.255", false)]        // TEST-NET-1
    [InlineData("192.31.196.0", "192.31.196.255", true)]   // AS112-v4
    [InlineData("192.52.193.0", "192.52.193.255", true)]   // AMT
    [InlineData("192.168.0.0", "192.168.255.255", false)]  // private-use
    [InlineData("192.175.48.0", "192.175.48.255", true)]   // direct delegation AS112
    [InlineData("198.18.0.0", "198.19.255.255", false)]    // benchmarking
    [InlineData("198.51.100.0", "198.51.100.255", false)]  // TEST-NET-2
    [InlineData("203.0.113.0", "203.0.113.255", false)]    // TEST-NET-3
    [InlineData("240.0.0.0", "255.255.255.254", false)]    // reserved
    [InlineData("255.255.255.255", "255.255.255.255", false)] // limited broadcast
    [InlineData("224.0.0.0", "239.255.255.255", false)]    // multicast (its own registry)
    [InlineData("1.1.1.1", "8.8.8.8", true)]               // ordinary unicast
    [InlineData("100.63.255.255", "100.128.0.0", true)]    // just outside shared address space
    // IPv6 registry
    [InlineData("::1", "::1", false)]                      // loopback
    [InlineData("::", "::", false)]                        // unspecified
    [InlineData("::ffff:0.0.0.0", "::ffff:255.255.255.255", false)] // IPv4-mapped
    [InlineData("64:ff9b::", "64:ff9b::ffff:ffff", false)] // NAT64 (reachable, but embeds IPv4)
    [InlineData("64:ff9b:1::", "64:ff9b:1:ffff:ffff:ffff:ffff:ffff", false)] // local-use translation
    [InlineData("100::", "100::ffff:ffff:ffff:ffff", false)] // discard-only
    [InlineData("100:0:0:1::", "100:0:0:1:ffff:ffff:ffff:ffff", false)] // dummy prefix
    [InlineData("2001::", "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff", false)] // IETF protocol assignments
    [InlineData("2001::", "2001:0:ffff:ffff:ffff:ffff:ffff:ffff", false)] // Teredo
    [InlineData("2001:1::1", "2001:1::3", true)]           // PCP, TURN, DNS-SD SRP anycast
    [InlineData("2001:2::", "2001:2:0:ffff:ffff:ffff:ffff:ffff", false)] // benchmarking
    [InlineData("2001:3::", "2001:3:ffff:ffff:ffff:ffff:ffff:ffff", true)] // AMT
    [InlineData("2001:4:112::", "2001:4:112:ffff:ffff:ffff:ffff:ffff", true)] // AS112-v6
    [InlineData("2001:10::", "2001:1f:ffff:ffff:ffff:ffff:ffff:ffff", false)] // deprecated ORCHID
    [InlineData("2001:20::", "2001:2f:ffff:ffff:ffff:ffff:ffff:ffff", true)] // ORCHIDv2
    [InlineData("2001:30::", "2001:3f:ffff:ffff:ffff:ffff:ffff:ffff", true)] // drone remote ID
    [InlineData("2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", false)] // documentation
    [InlineData("2002::", "2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false)] // 6to4
    [InlineData("2620:4f:8000::", "2620:4f:8000:ffff:ffff:ffff:ffff:ffff", true)] // direct delegation AS112
    [InlineData("3fff::", "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", false)] // documentation
    [InlineData("5f00::", "5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false)] // SRv6 SIDs
    [InlineData("fc00::", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false)] // unique-local
    [InlineData("fe80::", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false)] // link-local
    [InlineData("ff00::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false)] // multicast
    [InlineData("::127.0.0.1", "::8.8.8.8", false)]        // IPv4-compatible, whatever it carries
    [InlineData("4000::", "4000::1", false)]               // outside global unicast (2000::/3)
    [InlineData("2606:4700::1111", "2a00:1450:4007::64", true)] // ordinary global unicast
    public void Each_registry_entry_is_refused_unless_globally_reachable(string first, string last, bool reachable)
    {
        Assert.Equal(reachable, TargetPolicy.IsPublic(IPAddress.Parse(first)));
        Assert.Equal(reachable, TargetPolicy.IsPublic(IPAddress.Parse(last)));
    }

    [Fact]
    public void The_hosts_own_addresses_are_refused()
    {
        var own = NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => u.Address).ToList();
        Assert.NotEmpty(own);
        Assert.All(own, a => Assert.False(TargetPolicy.IsPublic(a), $"{a} is this host's"));
    }

    [Theory]
    [InlineData("https://[64:ff9b::7f00:1]/", "NAT64")]
    [InlineData("https://[2002:7f00:1::]/", "6to4")]
    [InlineData("https://[::127.0.0.1]/", "IPv4-compatible")]
    [InlineData("https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "Teredo")]
    [InlineData("https://198.18.0.1/", "benchmarking")]
    [InlineData("https://192.0.0.1/", "continuity")]
    [InlineData("https://[100::1]/", "discard")]
    [InlineData("https://[2001:db8::1]/", "documentation")]
    [InlineData("https://203.0.113.7/hook", "TEST-NET-3")]
    [InlineData("https://192.0.2.2/hook", "TEST-NET-1")]
    public async Task Default_settings_refuse_inner_targets_at_url(string url, string named)
    {
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string>
        {
            ["Webhooks:AllowHttp"] = "false", ["Webhooks:AllowPrivateTargets"] = "false",
        });
        var apc = await app.RightsHolderAsync("apc");
        var problem = await (await apc.PostAsJsonAsync("/v1/webhooks", new { url, feed = "organisation" })).AssertProblemAsync(422);
        Assert.Contains(named, problem.GetProperty("errors").GetProperty("url")[0].GetString());
        Assert.Empty((await apc.GetJsonAsync("/v1/webhooks")).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("https://8.8.8.8/a\r\nb", "control")]
    [InlineData("https://8.8.8.8/a\nb", "control")]
    [InlineData(" https://8.8.8.8/hook", "control")]
    [InlineData("https://8.8.8.8/hook\t", "control")]
    [InlineData("https://8.8.8.8:0/hook", "port 0")]
    public async Task Bad_urls_are_422_at_url(string url, string named)
    {
        await using var app = new DelistingApp();
        var apc = await app.RightsHolderAsync("apc");
        var problem = await (await apc.PostAsJsonAsync("/v1/webhooks", new { url, feed = "organisation" })).AssertProblemAsync(422);
        Assert.Contains(named, problem.GetProperty("errors").GetProperty("url")[0].GetString());
        Assert.Empty((await apc.GetJsonAsync("/v1/webhooks")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_public_address_is_accepted()
    {
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string> { ["Webhooks:AllowPrivateTargets"] = "false" });
        var apc = await app.RightsHolderAsync("apc");
        var response = await apc.PostAsJsonAsync("/v1/webhooks", new { url = "https://8.8.8.8/hook", feed = "organisation" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
