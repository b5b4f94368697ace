using Delisting.Api.Domain;

namespace Delisting.Api.Tests.Domain;

/// <summary>
/// Site matching as production runs it: <see cref="SiteIndex"/> (requests, extensions) and its <see cref="SiteIndex.Covers"/>
/// (mirror evidence).
/// </summary>
public class SiteIndexTests
{
    private static readonly string[] Sites =
        ["allostreaming.com", "dpstream.tv", "fifostream.tv", "films.allostreaming.com", "xn--allostraming-heb.com"];

    private static readonly DateOnly Day = new(2026, 11, 29);

    /// <summary>The site <see cref="SiteIndex.Match"/> finds for a host among sites all in force today, or null.</summary>
    public static string? Find(string host, IEnumerable<string> domains) =>
        new SiteIndex(domains.Select(d => new SiteWindow(d, null, null, null, Day, Day, null, 15))).Match(host, Day).InForce?.Domain;

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
    [InlineData(".allostreaming.com", "allostreaming.com")]
    [InlineData("", null)]
    public void Finds_the_most_specific_listed_site(string host, string? expected)
    {
        Assert.Equal(expected, Find(host, Sites));
        Assert.Equal(Sites.Where(d => SiteIndex.Covers(d, host)).MaxBy(d => d.Length), expected);
    }

    [Fact]
    public void Prefers_the_longest_match_whatever_the_order()
    {
        string[] shortFirst = ["allostreaming.com", "films.allostreaming.com"];
        string[] longFirst = ["films.allostreaming.com", "allostreaming.com"];

        Assert.Equal("films.allostreaming.com", Find("hd.films.allostreaming.com", shortFirst));
        Assert.Equal("films.allostreaming.com", Find("hd.films.allostreaming.com", longFirst));
    }

    [Fact]
    public void Returns_null_for_an_empty_list_and_ignores_empty_entries()
    {
        Assert.Null(Find("allostreaming.com", []));
        Assert.Null(Find("allostreaming.com", ["", "x.com"]));
        Assert.False(SiteIndex.Covers("", "allostreaming.com"));
    }

    [Fact]
    public void A_closed_window_is_named_but_not_matched_and_a_site_in_force_wins_over_a_more_specific_closed_one()
    {
        var closed = new SiteWindow("films.allostreaming.com", null, null, null, Day.AddDays(-30), Day.AddDays(-1), null, 15);
        var open = new SiteWindow("allostreaming.com", null, null, null, Day, Day, null, 15);
        Assert.Equal(new SiteMatch(null, closed), new SiteIndex([closed]).Match("hd.films.allostreaming.com", Day));
        Assert.Equal(new SiteMatch(open, null), new SiteIndex([closed, open]).Match("hd.films.allostreaming.com", Day));
    }
}
