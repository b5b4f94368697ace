namespace Delisting.Api.Domain;

/// <summary>What covers a host on a given day: the site in force, or else the most specific site whose window is closed.</summary>
public readonly record struct SiteMatch(SiteWindow? InForce, SiteWindow? Closed);

/// <summary>
/// A ruling's sites by domain, for matching many hosts: a host is looked up by each of its label-boundary suffixes,
/// longest first, so a match costs a few dictionary look-ups whatever the number of sites.
/// </summary>
public sealed class SiteIndex
{
    private readonly Dictionary<string, List<SiteWindow>> byDomain = new(StringComparer.Ordinal);

    public SiteIndex(IEnumerable<SiteWindow> sites)
    {
        foreach (var site in sites)
        {
            if (!byDomain.TryGetValue(site.Domain, out var list)) byDomain[site.Domain] = list = [];
            list.Add(site);
        }
    }

    /// <summary>
    /// The most specific site covering <paramref name="host"/> that is in force on <paramref name="day"/>; when none
    /// is, the most specific covering site (to name it and its dates in the refusal). Both null: no site covers it.
    /// </summary>
    public SiteMatch Match(string host, DateOnly day)
    {
        SiteWindow? closed = null;
        foreach (var suffix in Suffixes(host))
        {
            if (!byDomain.TryGetValue(suffix, out var sites)) continue;
            foreach (var site in sites)
            {
                if (site.InForceOn(day)) return new SiteMatch(site, null);
            }
            // Of the closed sites of one domain, the one whose window is nearest to the day says most.
            closed ??= sites.OrderBy(s => Math.Abs(s.InForceUntil.DayNumber - day.DayNumber)).First();
        }
        return new SiteMatch(null, closed);
    }

    /// <summary>Sites of <paramref name="domain"/> or a parent of it whose window has not ended on <paramref name="day"/>.</summary>
    public SiteWindow? CoveringNotEnded(string domain, DateOnly day)
    {
        for (var start = 0; start >= 0 && start < domain.Length; start = NextLabel(domain, start))
        {
            if (byDomain.TryGetValue(domain[start..], out var sites) && sites.FirstOrDefault(s => s.NotEndedOn(day)) is { } site) return site;
        }
        return null;
    }

    public bool HasDomain(string domain) => byDomain.ContainsKey(domain);

    /// <summary>
    /// A site domain covers a host that is the domain itself or a subdomain of it: one of the host's label-boundary
    /// suffixes, the rule <see cref="Match"/> applies. The boundary is what keeps "evilallostreaming.com" out. Host and
    /// domain are normalized (lowercase ASCII, no trailing dot), so ordinal comparison is exact.
    /// </summary>
    public static bool Covers(string domain, string host)
    {
        foreach (var suffix in Suffixes(host))
        {
            if (string.Equals(suffix, domain, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>The host, then each suffix of it that starts after a dot, longest first.</summary>
    private static IEnumerable<string> Suffixes(string host)
    {
        for (var start = 0; start >= 0 && start < host.Length; start = NextLabel(host, start)) yield return host[start..];
    }

    public static int NextLabel(string host, int start)
    {
        var dot = host.IndexOf('.', start);
        return dot < 0 ? -1 : dot + 1;
    }
}
