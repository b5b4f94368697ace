using Delisting.Api.Domain;

namespace Delisting.Api.Tests.Domain;

public class SiteMatcherTests
{
    private static readonly string[] Sites =
        ["allostreaming.com", "dpstream.tv", "fifostream.tv", "films.allostreaming.com", "xn--allostraming-heb.com"];

    [Theory]
    [InlineData("allostreaming.com", "allostreaming.com")]
    [InlineData("www.allostreaming.com", "allostreaming.com")]
    [InlineData("a.b.c.allostreaming.com", "allostreaming.com")]
    [InlineData("films.allostreaming.com", "films.allostreaming.com")]
    [InlineData("hd.films.allostreaming.com", "films.allostreaming.com")]
    [InlineData("xfilms.allostreaming.com", "allostreaming.com")]
    [InlineData("dpstream.tv", "dpstream.tv")]
    [InlineData("www.fifostream.tv", "fifostream.tv")]
    [InlineData("www.xn--allostraming-heb.com", "xn--allostraming-heb.com")]
    [InlineData("evilallostreaming.com", null)]
    [InlineData("allostreaming.com.evil.net", null)]
    [InlineData("allostreaming.co", null)]
    [InlineData("allostreaming.commerce", null)]
    [InlineData("llostreaming.com", null)]
    [InlineData("com", null)]
    [InlineData("dpstream.tv.fr", null)]
    [InlineData("dpstream-tv.com", null)]
    [InlineData("", null)]
    public void Finds_the_most_specific_listed_site(string host, string? expected)
    {
        Assert.Equal(expected, SiteMatcher.FindSite(host, Sites));
    }

    [Fact]
    public void Prefers_the_longest_match_whatever_the_order()
    {
        string[] shortFirst = ["allostreaming.com", "films.allostreaming.com"];
        string[] longFirst = ["films.allostreaming.com", "allostreaming.com"];

        Assert.Equal("films.allostreaming.com", SiteMatcher.FindSite("hd.films.allostreaming.com", shortFirst));
        Assert.Equal("films.allostreaming.com", SiteMatcher.FindSite("hd.films.allostreaming.com", longFirst));
    }

    [Fact]
    public void Returns_null_for_an_empty_list_and_ignores_empty_entries()
    {
        Assert.Null(SiteMatcher.FindSite("allostreaming.com", []));
        Assert.Null(SiteMatcher.FindSite("allostreaming.com", ["", "x.com"]));
    }
}
