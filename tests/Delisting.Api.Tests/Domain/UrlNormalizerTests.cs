using Delisting.Api.Domain;

namespace Delisting.Api.Tests.Domain;

public class UrlNormalizerTests
{
    private const string NotAbsolute = "The URL is not absolute (it must start with http:// or https://).";
    private const string UserInfo = "The URL contains user information (user:password@); remove it.";
    private const string IpHost = "The host is an IP address; a ruling lists domain names.";
    private const string Whitespace = "The URL contains whitespace or control characters.";
    private const string NoHost = "The URL has no host; it must name a site, as in https://example.com/page.";

    [Theory]
    // kept as given
    [InlineData("https://www.allostreaming.com/film/123", "https://www.allostreaming.com/film/123", "www.allostreaming.com")]
    [InlineData("http://allostreaming.com/film/123", "http://allostreaming.com/film/123", "allostreaming.com")]
    [InlineData("https://a.com", "https://a.com", "a.com")]
    [InlineData("https://a.com/", "https://a.com/", "a.com")]
    [InlineData("https://a.com?q=1", "https://a.com?q=1", "a.com")]
    // scheme and host lowercase, path case kept
    [InlineData("HTTPS://WWW.AlloStreaming.COM/Film/ABC", "https://www.allostreaming.com/Film/ABC", "www.allostreaming.com")]
    [InlineData("HtTp://A.Com/X", "http://a.com/X", "a.com")]
    // default ports removed, others kept
    [InlineData("https://a.com:443/x", "https://a.com/x", "a.com")]
    [InlineData("http://a.com:80/x", "http://a.com/x", "a.com")]
    [InlineData("http://a.com:443/x", "http://a.com:443/x", "a.com")]
    [InlineData("https://a.com:80/x", "https://a.com:80/x", "a.com")]
    [InlineData("https://a.com:8443/x", "https://a.com:8443/x", "a.com")]
    [InlineData("https://a.com:1", "https://a.com:1", "a.com")]
    [InlineData("https://a.com:65535/", "https://a.com:65535/", "a.com")]
    [InlineData("https://a.com:0443/x", "https://a.com/x", "a.com")]
    [InlineData("https://a.com:443", "https://a.com", "a.com")]
    [InlineData("https://a.com:443?x=1", "https://a.com?x=1", "a.com")]
    // IDN to punycode
    [InlineData("https://www.allostréaming.com/x", "https://www.xn--allostraming-heb.com/x", "www.xn--allostraming-heb.com")]
    [InlineData("https://WWW.ALLOSTRÉAMING.COM/x", "https://www.xn--allostraming-heb.com/x", "www.xn--allostraming-heb.com")]
    [InlineData("https://www.xn--allostraming-heb.com/x", "https://www.xn--allostraming-heb.com/x", "www.xn--allostraming-heb.com")]
    [InlineData("https://allostreaming\u3002com/x", "https://allostreaming.com/x", "allostreaming.com")]
    // trailing dot removed
    [InlineData("https://allostreaming.com./film", "https://allostreaming.com/film", "allostreaming.com")]
    [InlineData("https://allostreaming.com.:443/film", "https://allostreaming.com/film", "allostreaming.com")]
    // fragment removed, query kept verbatim
    [InlineData("https://a.com/film#top", "https://a.com/film", "a.com")]
    [InlineData("https://a.com/film?b=2&a=1#frag", "https://a.com/film?b=2&a=1", "a.com")]
    [InlineData("https://a.com#", "https://a.com", "a.com")]
    [InlineData("https://a.com/?Q=%2F%2f&x=a+b&&y=", "https://a.com/?Q=%2F%2f&x=a+b&&y=", "a.com")]
    [InlineData("https://a.com/a/../b/./c//d", "https://a.com/a/../b/./c//d", "a.com")]
    // non-ASCII path and query characters percent-encoded as UTF-8 (what a browser sends); escapes kept as given
    [InlineData("https://a.com/caf%C3%A9/é", "https://a.com/caf%C3%A9/%C3%A9", "a.com")]
    [InlineData("https://a.com/film?titre=été&q=%e9", "https://a.com/film?titre=%C3%A9t%C3%A9&q=%e9", "a.com")]
    [InlineData("https://a.com/фильм", "https://a.com/%D1%84%D0%B8%D0%BB%D1%8C%D0%BC", "a.com")]
    [InlineData("https://a.com/x?next=https://b.com/@user", "https://a.com/x?next=https://b.com/@user", "a.com")]
    [InlineData("https://a.com/p\\q", "https://a.com/p\\q", "a.com")]
    [InlineData("https://a.com/100%", "https://a.com/100%", "a.com")]
    [InlineData("https://a.com/\U0001F3AC", "https://a.com/%F0%9F%8E%AC", "a.com")]
    [InlineData("https://a.com/@evil.com", "https://a.com/@evil.com", "a.com")]
    // names that look like numbers but are not IPv4
    [InlineData("https://1.2.3.com/x", "https://1.2.3.com/x", "1.2.3.com")]
    [InlineData("https://123movies.to/", "https://123movies.to/", "123movies.to")]
    [InlineData("https://0xcafe.com/", "https://0xcafe.com/", "0xcafe.com")]
    [InlineData("https://ab--c.com/", "https://ab--c.com/", "ab--c.com")]
    public void Normalizes_valid_urls(string raw, string url, string host)
    {
        var check = UrlNormalizer.Normalize(raw);

        Assert.Null(check.Error);
        Assert.True(check.IsValid);
        Assert.Equal(url, check.Url);
        Assert.Equal(host, check.Host);
    }

    [Theory]
    // not http(s)
    [InlineData("ftp://allostreaming.com/film", "Only http and https URLs can be delisted; got 'ftp'.")]
    [InlineData("FTP://allostreaming.com/film", "Only http and https URLs can be delisted; got 'ftp'.")]
    [InlineData("javascript:alert(1)", "Only http and https URLs can be delisted; got 'javascript'.")]
    [InlineData("JavaScript://allostreaming.com/%0aalert(1)", "Only http and https URLs can be delisted; got 'javascript'.")]
    [InlineData("data:text/html,<script>alert(1)</script>", "Only http and https URLs can be delisted; got 'data'.")]
    [InlineData("file:///etc/passwd", "Only http and https URLs can be delisted; got 'file'.")]
    [InlineData("mailto:abuse@allostreaming.com", "Only http and https URLs can be delisted; got 'mailto'.")]
    [InlineData("ws://allostreaming.com/", "Only http and https URLs can be delisted; got 'ws'.")]
    [InlineData("httpx://allostreaming.com/", "Only http and https URLs can be delisted; got 'httpx'.")]
    // not absolute
    [InlineData("allostreaming.com/film", NotAbsolute)]
    [InlineData("www.allostreaming.com:443/film", NotAbsolute)]
    [InlineData("//allostreaming.com/film", NotAbsolute)]
    [InlineData("/film/123", NotAbsolute)]
    [InlineData("https:/allostreaming.com", NotAbsolute)]
    [InlineData("https:allostreaming.com", NotAbsolute)]
    [InlineData("https:\\\\allostreaming.com", NotAbsolute)]
    [InlineData(":https://a.com", NotAbsolute)]
    [InlineData("1http://a.com", NotAbsolute)]
    // user info
    [InlineData("https://allostreaming.com@evil.com", UserInfo)]
    [InlineData("https://allostreaming.com@evil.com/film", UserInfo)]
    [InlineData("https://user@allostreaming.com", UserInfo)]
    [InlineData("https://user:pass@allostreaming.com/", UserInfo)]
    [InlineData("https://@allostreaming.com/", UserInfo)]
    [InlineData("https://allostreaming.com:443@evil.com/", UserInfo)]
    // backslash tricks in the authority
    [InlineData("https://evil.com\\@allostreaming.com/", "The URL contains a backslash before its path; write the host and path with '/' only.")]
    [InlineData("https://allostreaming.com\\film", "The URL contains a backslash before its path; write the host and path with '/' only.")]
    [InlineData("https://evil.com\\.allostreaming.com", "The URL contains a backslash before its path; write the host and path with '/' only.")]
    // IP literals
    [InlineData("http://127.0.0.1/", IpHost)]
    [InlineData("http://127.0.0.1:8080/", IpHost)]
    [InlineData("http://0x7f.1/", IpHost)]
    [InlineData("http://0x7F000001/", IpHost)]
    [InlineData("http://2130706433/", IpHost)]
    [InlineData("http://017700000001/", IpHost)]
    [InlineData("http://1.2.3/", IpHost)]
    [InlineData("http://999.999.999.999/", IpHost)]
    [InlineData("http://1.2.3.4./", IpHost)]
    [InlineData("http://allostreaming.123/", IpHost)]
    [InlineData("http://\uFF11\uFF12\uFF17.0.0.1/", IpHost)]
    [InlineData("http://[::1]/", IpHost)]
    [InlineData("http://[2001:db8::1]:443/film", IpHost)]
    [InlineData("http://[::ffff:127.0.0.1]/", IpHost)]
    [InlineData("http://::1/", IpHost)]
    // whitespace and control characters anywhere
    [InlineData("https://allo streaming.com/", Whitespace)]
    [InlineData("https://allostreaming.com/film 123", Whitespace)]
    [InlineData(" https://allostreaming.com/", Whitespace)]
    [InlineData("https://allostreaming.com/\t", Whitespace)]
    [InlineData("https://allostreaming.com/\r\nSet-Cookie:x", Whitespace)]
    [InlineData("https://allostreaming.com/\n", Whitespace)]
    [InlineData("https://allostreaming.com\0.evil.com/", Whitespace)]
    [InlineData("https://allostreaming.com/\u007F", Whitespace)]
    [InlineData("https://allostreaming.com/\u0085", Whitespace)]
    [InlineData("https://allostreaming.com/\u00A0", Whitespace)]
    [InlineData("https://allostreaming.com/\u2028", Whitespace)]
    [InlineData("https://allostreaming.com/\u3000", Whitespace)]
    [InlineData("https://allo\u200Bstreaming.com/", Whitespace)]
    [InlineData("https://allostreaming.com/\u202Efdp.exe", Whitespace)]
    [InlineData("https://allostreaming.com/#\t", Whitespace)]
    // ports
    [InlineData("https://allostreaming.com:0/", "The port must be a number from 1 to 65535; got '0'.")]
    [InlineData("https://allostreaming.com:65536/", "The port must be a number from 1 to 65535; got '65536'.")]
    [InlineData("https://allostreaming.com:99999/", "The port must be a number from 1 to 65535; got '99999'.")]
    [InlineData("https://allostreaming.com:abc/", "The port must be a number from 1 to 65535; got 'abc'.")]
    [InlineData("https://allostreaming.com:-1/", "The port must be a number from 1 to 65535; got '-1'.")]
    [InlineData("https://allostreaming.com:+443/", "The port must be a number from 1 to 65535; got '+443'.")]
    [InlineData("https://allostreaming.com:/", "The port must be a number from 1 to 65535; got ''.")]
    [InlineData("https://allostreaming.com:443:443/", "The port must be a number from 1 to 65535; got '443:443'.")]
    [InlineData("https://allostreaming.com:4294967739/", "The port must be a number from 1 to 65535; got '4294967739'.")]
    // missing or malformed hosts
    [InlineData("https://", NoHost)]
    [InlineData("https:///film", NoHost)]
    [InlineData("https://:80/", NoHost)]
    [InlineData("https://?q=1", NoHost)]
    [InlineData("https://#x", NoHost)]
    [InlineData("https://./", NoHost)]
    [InlineData("https://%61llostreaming.com/", "The host is percent-encoded; write the domain name itself.")]
    [InlineData("https://allostreaming%2Ecom/", "The host is percent-encoded; write the domain name itself.")]
    [InlineData("", "The URL is empty.")]
    [InlineData(null, "The URL is empty.")]
    public void Refuses_invalid_urls_with_an_actionable_message(string? raw, string error)
    {
        var check = UrlNormalizer.Normalize(raw);

        Assert.False(check.IsValid);
        Assert.Equal(error, check.Error);
        Assert.Null(check.Url);
        Assert.Null(check.Host);
    }

    [Theory]
    [InlineData("https://allo_streaming.com/")]
    [InlineData("https://-allostreaming.com/")]
    [InlineData("https://allostreaming-.com/")]
    [InlineData("https://allostreaming..com/")]
    [InlineData("https://.allostreaming.com/")]
    [InlineData("https://allostreaming.com../")]
    [InlineData("https://allo!streaming.com/")]
    [InlineData("https://allo\"streaming.com/")]
    [InlineData("https://allo<script>.com/")]
    [InlineData("https://xn--zz.com/")]
    [InlineData("https://xn--a.com/")]
    public void Refuses_hosts_that_are_not_domain_names(string raw)
    {
        var check = UrlNormalizer.Normalize(raw);

        Assert.False(check.IsValid);
        Assert.StartsWith("The host '", check.Error);
        Assert.Contains("is not a valid domain name", check.Error);
    }

    [Theory]
    [InlineData("https://evilallostreaming.com/film", "evilallostreaming.com")]
    [InlineData("https://allostreaming.com.evil.net/film", "allostreaming.com.evil.net")]
    [InlineData("https://allostreaming-com.evil.net/film", "allostreaming-com.evil.net")]
    [InlineData("https://xn--allostraming-heb.com/", "xn--allostraming-heb.com")]
    public void Look_alike_hosts_are_valid_urls_but_keep_their_own_host(string raw, string host)
    {
        // Refusing them is the site matcher's job; the normalizer must not make them look like the real site.
        var check = UrlNormalizer.Normalize(raw);

        Assert.True(check.IsValid);
        Assert.Equal(host, check.Host);
        Assert.Null(SiteIndexTests.Find(check.Host!, ["allostreaming.com"]));
    }

    public static TheoryData<string, bool> Lengths()
    {
        const string prefix = "https://allostreaming.com/";
        return new TheoryData<string, bool>
        {
            { prefix + new string('a', UrlNormalizer.MaxLength - prefix.Length), true },
            { prefix + new string('a', UrlNormalizer.MaxLength - prefix.Length + 1), false },
            { prefix + new string('a', 100_000), false },
        };
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Accepts_at_most_2048_characters(string raw, bool valid)
    {
        var check = UrlNormalizer.Normalize(raw);

        Assert.Equal(valid, check.IsValid);
        if (valid)
        {
            Assert.Equal(UrlNormalizer.MaxLength, check.Url!.Length);
        }
        else
        {
            Assert.Equal($"The URL is longer than 2048 characters ({raw.Length}).", check.Error);
        }
    }

    [Fact]
    public void Refuses_a_url_that_punycode_makes_too_long()
    {
        // 2045 characters as typed, 2051 once "é" becomes "xn--9ca".
        var raw = "https://é.com/" + new string('a', 2045 - "https://é.com/".Length);

        var check = UrlNormalizer.Normalize(raw);

        Assert.Equal(2045, raw.Length);
        Assert.Equal("The URL is longer than 2048 characters once normalized (2051).", check.Error);
    }

    [Fact]
    public void Refuses_a_host_longer_than_253_characters()
    {
        var label = new string('a', 63);
        var host = string.Join('.', label, label, label, label) + ".com"; // 259

        var check = UrlNormalizer.Normalize($"https://{host}/");

        Assert.Equal("The host is longer than 253 characters (259).", check.Error);
    }

    [Fact]
    public void Refuses_a_label_longer_than_63_characters()
    {
        Assert.True(UrlNormalizer.Normalize($"https://{new string('a', 63)}.com/").IsValid);
        Assert.False(UrlNormalizer.Normalize($"https://{new string('a', 64)}.com/").IsValid);
    }

    [Fact]
    public void Refuses_broken_surrogate_pairs()
    {
        // Built at run time: attribute arguments cannot carry a lone surrogate (it becomes U+FFFD).
        const string error = "The URL contains an invalid character (a broken Unicode surrogate pair).";
        var high = "https://allostreaming.com/" + '\uD83C';
        var low = "https://allostreaming.com/" + '\uDFAC' + "x";

        Assert.Equal(error, UrlNormalizer.Normalize(high).Error);
        Assert.Equal(error, UrlNormalizer.Normalize(low).Error);
        Assert.True(UrlNormalizer.Normalize(high + '\uDFAC').IsValid);
    }

    [Fact]
    public void Never_throws_on_odd_input()
    {
        string[] inputs =
        [
            ":", "::", "https:", "https:/", "http://", "http://[", "http://]", "http://[]", "http://[::1", "https://a.com:",
            "https://\uD800.com/", "https://a.com/\uDC00", "\uFEFFhttps://a.com", "https://%/",
            "https://xn--/", "https://xn--.com/", "https://0x/", "https://a.0x/", "https://a.com:00000/",
            new string(':', 3000), "https://" + new string('.', 2000),
        ];

        foreach (var input in inputs)
        {
            var check = UrlNormalizer.Normalize(input);
            Assert.False(check.IsValid, input);
            Assert.False(string.IsNullOrWhiteSpace(check.Error), input);
        }
    }
}
