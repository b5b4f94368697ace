using Delisting.Api.Domain;

namespace Delisting.Api.Tests.Domain;

public sealed class ProtectedHostIndexTests
{
    private static readonly ProtectedHostIndex Index = new([
        new ProtectedHost("ph_drive", "drive.google.com", true, "storage"),
        new ProtectedHost("ph_exact", "exact.example", false, "one host only"),
        new ProtectedHost("ph_idn", "xn--bcher-kva.example", true, "idn"),
    ]);

    [Theory]
    [InlineData("drive.google.com", "ph_drive")]
    [InlineData("a.b.drive.google.com", "ph_drive")]
    [InlineData("evildrive.google.com", null)]     // label boundary
    [InlineData("google.com", null)]               // a parent is not protected by its child
    [InlineData("drive.google.com.evil.example", null)]
    [InlineData("exact.example", "ph_exact")]
    [InlineData("www.exact.example", null)]        // no includeSubdomains
    [InlineData("shop.xn--bcher-kva.example", "ph_idn")]
    public void A_host_is_protected_by_an_equal_entry_or_an_entry_above_it_that_includes_subdomains(string host, string? entry) =>
        Assert.Equal(entry, Index.Protecting(host)?.Id);

    [Theory]
    [InlineData("google.com", "ph_drive")]          // covers the entry's host
    [InlineData("drive.google.com", "ph_drive")]
    [InlineData("www.drive.google.com", "ph_drive")]
    [InlineData("www.exact.example", null)]
    [InlineData("example", "ph_exact")]             // covers both .example entries; the first by name is named
    [InlineData("oogle.com", null)]
    public void A_site_hits_an_entry_it_is_protected_by_or_covers(string domain, string? entry) =>
        Assert.Equal(entry, Index.HitBy(domain)?.Id);

    [Theory]
    [InlineData("google.com", true)]
    [InlineData("x.drive.google.com", true)]
    [InlineData("mail.google.com", false)]
    public void Only_sites_above_or_under_the_entry_may_hold_its_hosts(string site, bool mayHold) =>
        Assert.Equal(mayHold, ProtectedHostIndex.SiteMayHold(site, new ProtectedHost("ph", "drive.google.com", true, "r")));
}
