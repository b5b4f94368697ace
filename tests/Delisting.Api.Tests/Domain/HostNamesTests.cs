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
    [InlineData("github.io",
        "'github.io' is a public suffix shared by unrelated owners; list a registered domain under it (like 'example.github.io').")]
    [InlineData("blogspot.com",
        "'blogspot.com' is a public suffix shared by unrelated owners; list a registered domain under it (like 'example.blogspot.com').")]
    [InlineData("Blogspot.COM.",
        "'blogspot.com' is a public suffix shared by unrelated owners; list a registered domain under it (like 'example.blogspot.com').")]
    [InlineData("foo.ck", "'foo.ck' is a public suffix shared by unrelated owners; list a registered domain under it (like 'example.foo.ck').")]
    [InlineData("公司.cn",
        "'xn--55qx5d.cn' is a public suffix shared by unrelated owners; list a registered domain under it (like 'example.xn--55qx5d.cn').")]
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
        Assert.Equal(expected, IpLiterals.IsIpAddress(host));
    }

    private static readonly string Label63 = new('a', 63);

    /// <summary>
    /// Refusals of a URL host and of a site domain, worded for each ("The host", "The domain" in place of {0}), every
    /// one naming the limit that was applied.
    /// </summary>
    public static TheoryData<string, string> Refusals() => new()
    {
        { "", "The {0} is empty." },
        { new string('a', 1025), "The {0} is longer than 1024 characters (1025); a domain name has at most 253." },
        { new string('a', 1024), "The {0} is longer than 253 characters (1024)." },
        { string.Join('.', Label63, Label63, Label63, new string('a', 58)) + ".com", "The {0} is longer than 253 characters (254)." },
        // The limit applies to the punycode form: 5 labels of 55 'é' (61 characters each as xn--9caaa…), 4 dots and ".com".
        { string.Join('.', Enumerable.Repeat(new string('é', 55), 5)) + ".com", "The {0} is longer than 253 characters (313)." },
        { new string('a', 64) + ".com",
            "The {0} '" + new string('a', 64) +
                ".com' is not a valid domain name: the label 'aaaaaaaaaaaaaaaaaaaa…' is 64 characters long; a label has at most 63." },
        // IDNA refuses a label whose punycode form is 66 characters without saying why: the message gives every rule.
        { new string('é', 60) + ".com", "The {0} '" + new string('é', 60) + ".com' is not a valid domain name: " +
            "labels use letters, digits and inner hyphens, 1 to 63 characters, and an 'xn--' label must be valid punycode." },
        { "allo_streaming.com",
            "The {0} 'allo_streaming.com' is not a valid domain name: the label 'allo_streaming' contains '_'; " +
            "labels use letters, digits and hyphens." },
        { "-allostreaming.com", "The {0} '-allostreaming.com' is not a valid domain name: the label '-allostreaming' starts or ends with a hyphen." },
        { "allostreaming-.com", "The {0} 'allostreaming-.com' is not a valid domain name: the label 'allostreaming-' starts or ends with a hyphen." },
        { "allostreaming..com",
            "The {0} 'allostreaming..com' is not a valid domain name: it has an empty label (a leading dot, or two dots in a row)." },
        { "allostreaming.com..",
            "The {0} 'allostreaming.com..' is not a valid domain name: it has an empty label (a leading dot, or two dots in a row)." },
        { "xn--zz.com", "The {0} 'xn--zz.com' is not a valid domain name: labels use letters, digits and inner hyphens, 1 to 63 characters, " +
            "and an 'xn--' label must be valid punycode." },
        { "127.0.0.1", "The {0} is an IP address; a ruling lists domain names." },
        { "\uFF11\uFF12\uFF17.0.0.1", "The {0} is an IP address; a ruling lists domain names." },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_url_host_is_refused_with_the_limit_it_breaks(string host, string message)
    {
        Assert.False(HostNames.TryNormalizeHost(host, out var ascii, out var error));
        Assert.Equal(string.Format(message, "host"), error);
        Assert.Equal("", ascii);
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_site_domain_is_refused_with_the_same_rules_and_limits(string domain, string message)
    {
        Assert.False(HostNames.TryNormalizeDomain(domain, out _, out var error));
        Assert.Equal(string.Format(message, "domain"), error);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(63, true)]
    [InlineData(64, false)]
    public void A_label_has_1_to_63_characters_in_hosts_and_domains(int length, bool valid)
    {
        var name = new string('a', length) + ".example.com";
        Assert.Equal(valid, HostNames.TryNormalizeHost(name, out _, out _));
        Assert.Equal(valid, HostNames.TryNormalizeDomain(name, out _, out _));
    }

    [Theory]
    [InlineData(253, true)]
    [InlineData(254, false)]
    public void A_name_has_at_most_253_characters_in_hosts_and_domains(int length, bool valid)
    {
        // Three labels of 63, their dots, a last label and ".com".
        var name = string.Join('.', Label63, Label63, Label63, new string('b', length - 3 * 64 - 4)) + ".com";
        Assert.Equal(length, name.Length);
        Assert.Equal(valid, HostNames.TryNormalizeHost(name, out _, out _));
        Assert.Equal(valid, HostNames.TryNormalizeDomain(name, out _, out _));
    }
}
