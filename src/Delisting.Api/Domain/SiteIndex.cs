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
        for (var start = 0; start >= 0 && start < host.Length; start = NextLabel(host, start))
        {
            if (!byDomain.TryGetValue(host[start..], out var sites)) continue;
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

    private static int NextLabel(string host, int start) => SiteMatcher.NextLabel(host, start);
}
