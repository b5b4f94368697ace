using CsCheck;
using Delisting.Api.Domain;

namespace Delisting.Api.Tests.Domain;

/// <summary>
/// Properties of URL normalization and host matching over many generated inputs, hostile pieces included
/// (user information, backslashes, percent-encoding, look-alike dots, ports, IDN labels, a site's name used as
/// a prefix or as a path). CsCheck shrinks a failure to a small counterexample and prints its seed.
/// </summary>
public sealed class UrlPropertyTests
{
    private const long Iterations = 20_000;

    private static readonly string[] Pieces =
    [
        "https://", "http://", "HTTPS://", "hTTp://", "ftp://", "https:", "//", "/", "\\", "@", ":", ":80", ":443", ":8080", ":0",
        "?", "#", ".", "..", "%2e", "%40", "%2F", "allostreaming.com", "ALLOSTREAMING.COM", "www.", "evil", "evil.com",
        "allostreaming.com.evil.com", "evilallostreaming.com", "xn--", "xn--bcher-kva.ch", "bücher.ch", "é", "\u3002", "\uFF0E",
        "\u00A0", " ", "\t", "\u202E", "[::1]", "127.0.0.1", "film/1", "a=b&c=d", "-", "_", "~", "\uD83D\uDE00", "\uD800",
    ];

    /// <summary>URL-shaped strings built from the pieces above, and some plain random strings.</summary>
    private static readonly Gen<string> Candidates = Gen.Frequency(
        (4, Gen.OneOf(Pieces).Array[1, 10].Select(string.Concat)),
        (1, Gen.String[Gen.Char, 0, 60]),
        (2, Gen.Select(Gen.OneOf("https://", "http://"), Gen.OneOf(Pieces).Array[1, 6], (scheme, rest) => scheme + string.Concat(rest))));

    private static readonly Gen<string> Label = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"].Array[1, 12]
        .Select(chars => new string(chars)).Where(l => !l.StartsWith('-') && !l.EndsWith('-'));

    private static readonly Gen<string> Domain = Gen.Select(Label.Array[1, 3], Gen.OneOf("com", "fr", "tv", "org"),
        (labels, tld) => string.Join('.', labels) + "." + tld);

    [Fact]
    public void Normalization_never_throws()
    {
        Candidates.Sample(raw => { _ = UrlNormalizer.Normalize(raw); }, iter: Iterations);
    }

    [Fact]
    public void Normalization_is_idempotent()
    {
        Candidates.Sample(raw =>
        {
            var once = UrlNormalizer.Normalize(raw);
            if (!once.IsValid) return true;
            var twice = UrlNormalizer.Normalize(once.Url);
            return twice.IsValid && twice.Url == once.Url && twice.Host == once.Host;
        }, iter: Iterations);
    }

    /// <summary>
    /// The host matched against the ruling's sites is the host a client opening the normalized URL connects to
    /// (System.Uri as the independent parser), so no spelling of a URL can be matched to one site and lead to another.
    /// </summary>
    [Fact]
    public void The_matched_host_is_the_host_the_url_leads_to()
    {
        Candidates.Sample(raw =>
        {
            var check = UrlNormalizer.Normalize(raw);
            if (!check.IsValid) return true;
            return Uri.TryCreate(check.Url, UriKind.Absolute, out var uri)
                   && uri.Scheme is "http" or "https"
                   && uri.IdnHost.TrimEnd('.').ToLowerInvariant() == check.Host;
        }, iter: Iterations);
    }

    [Fact]
    public void A_normalized_url_is_ascii()
    {
        Candidates.Sample(raw => UrlNormalizer.Normalize(raw) is not { IsValid: true } check || System.Text.Ascii.IsValid(check.Url!),
            iter: Iterations);
    }

    [Fact]
    public void Normalization_never_moves_a_url_onto_a_site_it_was_not_on()
    {
        Gen.Select(Candidates, Gen.OneOf("allostreaming.com", "evil.com", "bücher.ch", "xn--bcher-kva.ch"), (raw, site) => (raw, site)).Sample(pair =>
        {
            var (raw, site) = pair;
            var check = UrlNormalizer.Normalize(raw);
            if (!check.IsValid) return true;
            if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return true;
            HostNames.TryNormalizeDomain(site, out var domain, out _);
            var original = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
            return (SiteIndexTests.Find(check.Host!, [domain]) is not null) == (SiteIndexTests.Find(original, [domain]) is not null);
        }, iter: Iterations);
    }

    [Fact]
    public void A_site_covers_exactly_itself_and_its_subdomains()
    {
        Gen.Select(Domain, Label, Gen.OneOf("", ".", "-", "x", ".x."), (domain, label, glue) => (domain, label, glue)).Sample(t =>
        {
            var (domain, label, glue) = t;
            var host = label + glue + domain;
            var covered = host == domain || host.EndsWith("." + domain, StringComparison.Ordinal);
            return (SiteIndexTests.Find(host, [domain]) is not null) == covered && SiteIndex.Covers(domain, host) == covered
                   && SiteIndexTests.Find(domain + "." + label, [domain]) is null && !SiteIndex.Covers(domain, domain + "." + label);
        }, iter: Iterations);
    }

    [Fact]
    public void A_url_on_a_subdomain_of_a_site_normalizes_onto_that_site()
    {
        Gen.Select(Domain, Label, Gen.OneOf("", "/", "/film/1?x=1", "/a#frag"), (domain, sub, path) => (domain, sub, path)).Sample(t =>
        {
            var (domain, sub, path) = t;
            var check = UrlNormalizer.Normalize($"https://{sub.ToUpperInvariant()}.{domain}{path}");
            return check.IsValid && SiteIndexTests.Find(check.Host!, [domain]) == domain;
        }, iter: Iterations);
    }

    [Fact]
    public void Domain_normalization_never_throws_and_is_idempotent()
    {
        Gen.Frequency((3, Gen.OneOf(Pieces).Array[1, 5].Select(string.Concat)), (1, Gen.String[Gen.Char, 0, 40])).Sample(raw =>
        {
            if (!HostNames.TryNormalizeDomain(raw, out var once, out _)) return true;
            return HostNames.TryNormalizeDomain(once, out var twice, out _) && twice == once;
        }, iter: Iterations);
    }
}
