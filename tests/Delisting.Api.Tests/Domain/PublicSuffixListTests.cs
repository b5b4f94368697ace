using Delisting.Api.Domain;

namespace Delisting.Api.Tests.Domain;

public class PublicSuffixListTests
{
    [Theory]
    // ICANN section
    [InlineData("com", true)]
    [InlineData("fr", true)]
    [InlineData("co.uk", true)]
    [InlineData("gouv.fr", true)]
    [InlineData("xn--55qx5d.cn", true)] // 公司.cn, listed in Unicode
    // private section
    [InlineData("github.io", true)]
    [InlineData("blogspot.com", true)]
    // wildcard "*.ck" and exception "!www.ck"
    [InlineData("ck", true)]
    [InlineData("foo.ck", true)]
    [InlineData("www.ck", false)]
    [InlineData("a.foo.ck", false)]
    [InlineData("a.www.ck", false)]
    // wildcard "*.kawasaki.jp" and exception "!city.kawasaki.jp"
    [InlineData("kawasaki.jp", false)] // only "jp" matches it; the wildcard needs one more label
    [InlineData("x.kawasaki.jp", true)]
    [InlineData("city.kawasaki.jp", false)]
    // the implicit "*" rule
    [InlineData("localhost", true)]
    [InlineData("notarealtld", true)]
    // registrable domains and below
    [InlineData("allostreaming.com", false)]
    [InlineData("www.allostreaming.com", false)]
    [InlineData("example.co.uk", false)]
    [InlineData("sub.github.io", false)]
    [InlineData("someone.blogspot.com", false)]
    [InlineData("example.notarealtld", false)]
    [InlineData("", false)]
    [InlineData(".com", false)]
    public void Knows_which_domains_are_public_suffixes(string domain, bool expected)
    {
        Assert.Equal(expected, PublicSuffixList.IsPublicSuffix(domain));
    }

    [Fact]
    public void Loads_the_whole_embedded_list()
    {
        // The list has roughly 10,000 rules; a broken resource or parser would leave far fewer.
        Assert.InRange(PublicSuffixList.RuleCount, 8_000, 20_000);
    }

    [Fact]
    public void Parses_rules_wildcards_exceptions_comments_and_unicode()
    {
        var rules = PublicSuffixList.Parse(new StringReader(
            "// comment\n\n  com  \n*.ck\n!www.ck\n公司.cn\nFOO.Example trailing words\n// ===BEGIN PRIVATE DOMAINS===\ngithub.io\n"));

        Assert.Equal(["com", "foo.example", "github.io", "xn--55qx5d.cn"], rules.Plain.Order(StringComparer.Ordinal));
        Assert.Equal(["ck"], rules.Wildcards);
        Assert.Equal(["www.ck"], rules.Exceptions);
    }
}
