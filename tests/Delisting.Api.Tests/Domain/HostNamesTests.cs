using Delisting.Api.Domain;

namespace Delisting.Api.Tests.Domain;

public class HostNamesTests
{
    [Theory]
    [InlineData("allostreaming.com", "allostreaming.com")]
    [InlineData("ALLOSTREAMING.COM.", "allostreaming.com")]
    [InlineData("  allostreaming.com  ", "allostreaming.com")]
    [InlineData("www.allostreaming.com", "www.allostreaming.com")]
    [InlineData("sub.github.io", "sub.github.io")]
    [InlineData("someone.blogspot.com", "someone.blogspot.com")]
    [InlineData("example.co.uk", "example.co.uk")]
    [InlineData("allostréaming.com", "xn--allostraming-heb.com")]
    [InlineData("xn--allostraming-heb.com", "xn--allostraming-heb.com")]
    [InlineData("dpstream.tv", "dpstream.tv")]
    [InlineData("www.ck", "www.ck")]
    [InlineData("1.2.3.com", "1.2.3.com")]
    public void Accepts_and_normalizes_registered_domains(string input, string expected)
    {
        Assert.True(HostNames.TryNormalizeDomain(input, out var domain, out var error), error);
        Assert.Equal(expected, domain);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("com", "'com' is a single label; list a registered domain such as 'example.com'.")]
    [InlineData("localhost", "'localhost' is a single label; list a registered domain such as 'example.com'.")]
    [InlineData("COM.", "'com' is a single label; list a registered domain such as 'example.com'.")]
    [InlineData("co.uk", "'co.uk' is a public suffix shared by unrelated owners; list a registered domain under it (like 'example.co.uk').")]
    [InlineData("github.io", "'github.io' is a public suffix shared by unrelated owners; list a registered domain under it (like 'example.github.io').")]
    [InlineData("blogspot.com", "'blogspot.com' is a public suffix shared by unrelated owners; list a registered domain under it (like 'example.blogspot.com').")]
    [InlineData("Blogspot.COM.", "'blogspot.com' is a public suffix shared by unrelated owners; list a registered domain under it (like 'example.blogspot.com').")]
    [InlineData("foo.ck", "'foo.ck' is a public suffix shared by unrelated owners; list a registered domain under it (like 'example.foo.ck').")]
    [InlineData("公司.cn", "'xn--55qx5d.cn' is a public suffix shared by unrelated owners; list a registered domain under it (like 'example.xn--55qx5d.cn').")]
    [InlineData("", "The domain is empty.")]
    [InlineData("   ", "The domain is empty.")]
    [InlineData(null, "The domain is empty.")]
    [InlineData("127.0.0.1", "The domain is an IP address; a ruling lists domain names.")]
    [InlineData("0x7f.1", "The domain is an IP address; a ruling lists domain names.")]
    [InlineData("2130706433", "The domain is an IP address; a ruling lists domain names.")]
    [InlineData("::1", "The domain is an IP address; a ruling lists domain names.")]
    [InlineData("[2001:db8::1]", "The domain is an IP address; a ruling lists domain names.")]
    [InlineData("example.123", "The domain is an IP address; a ruling lists domain names.")]
    [InlineData("https://allostreaming.com", "Give a domain name only (like 'example.com'), without a scheme, user, path, query or fragment.")]
    [InlineData("allostreaming.com/film", "Give a domain name only (like 'example.com'), without a scheme, user, path, query or fragment.")]
    [InlineData("user@allostreaming.com", "Give a domain name only (like 'example.com'), without a scheme, user, path, query or fragment.")]
    [InlineData("allostreaming.com:443", "Give a domain name only (like 'example.com'), without a port.")]
    [InlineData("*.allostreaming.com", "Wildcards are not allowed; a site already covers all of its subdomains.")]
    [InlineData("allo streaming.com", "The domain contains whitespace or control characters.")]
    [InlineData("allostreaming.com\t.evil", "The domain contains whitespace or control characters.")]
    [InlineData("allo\u200Bstreaming.com", "The domain contains whitespace or control characters.")]
    public void Refuses_what_cannot_be_a_site(string? input, string expected)
    {
        Assert.False(HostNames.TryNormalizeDomain(input, out var domain, out var error));
        Assert.Equal(expected, error);
        Assert.Equal(string.Empty, domain);
    }

    [Theory]
    [InlineData("allo_streaming.com")]
    [InlineData("-allostreaming.com")]
    [InlineData("allostreaming..com")]
    [InlineData("xn--zz.com")]
    [InlineData("allostreaming.com..")]
    public void Refuses_invalid_labels(string input)
    {
        Assert.False(HostNames.TryNormalizeDomain(input, out _, out var error));
        Assert.StartsWith("The domain '", error);
    }

    [Fact]
    public void Refuses_names_longer_than_253_characters()
    {
        var label = new string('a', 63);
        var fits = string.Join('.', label, label, label, new string('a', 57)) + ".com"; // 253
        var tooLong = "b." + fits;

        Assert.True(HostNames.TryNormalizeDomain(fits, out var domain, out _));
        Assert.Equal(253, domain.Length);
        Assert.False(HostNames.TryNormalizeDomain(tooLong, out _, out var error));
        Assert.Equal("The domain is longer than 253 characters (255).", error);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("0x7f.1", true)]
    [InlineData("0X7F.0.0.1", true)]
    [InlineData("2130706433", true)]
    [InlineData("017700000001", true)]
    [InlineData("1.2.3", true)]
    [InlineData("1.2.3.4.", true)]
    [InlineData("256.256.256.256", true)]
    [InlineData("a.b.123", true)]
    [InlineData("\uFF11\uFF12\uFF17.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("[::1]", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("[2001:db8::1]", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("allostreaming.com", false)]
    [InlineData("1.2.3.com", false)]
    [InlineData("123movies.to", false)]
    [InlineData("0xcafe.com", false)]
    [InlineData("0xg", false)]
    [InlineData("[allostreaming.com]", false)]
    [InlineData("a:b", false)]
    [InlineData("", false)]
    public void Recognizes_ip_literals(string host, bool expected)
    {
        Assert.Equal(expected, HostNames.IsIpAddress(host));
    }
}
