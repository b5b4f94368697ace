namespace Delisting.Api.Domain;

/// <summary>Finds which site of a ruling's list covers a host.</summary>
public static class SiteMatcher
{
    // Host and domains are already normalized (lowercase ASCII, no trailing dot), so ordinal comparison is exact.
    // Matching on a label boundary ("." + domain) is what keeps "evilallostreaming.com" out.
    public static string? FindSite(string host, IEnumerable<string> domains)
    {
        ArgumentNullException.ThrowIfNull(domains);
        if (string.IsNullOrEmpty(host))
        {
            return null;
        }

        string? best = null;
        foreach (var domain in domains)
        {
            if (string.IsNullOrEmpty(domain) || (best is not null && domain.Length <= best.Length))
            {
                continue;
            }

            if (Covers(domain, host))
            {
                best = domain;
            }
        }

        return best;
    }

    /// <summary>A site domain covers a host that is the domain itself or a subdomain of it (on a label boundary).</summary>
    public static bool Covers(string domain, string host) =>
        host.Length == domain.Length
            ? string.Equals(host, domain, StringComparison.Ordinal)
            : host.Length > domain.Length
              && host[host.Length - domain.Length - 1] == '.'
              && host.EndsWith(domain, StringComparison.Ordinal);

    /// <summary>
    /// Where the next label-boundary suffix of <paramref name="host"/> starts after the one at <paramref name="start"/>
    /// (-1: none). Walking a host from 0 gives the host itself and each parent domain, longest first: the only domains that
    /// can cover it (<see cref="Covers"/>), each a dictionary look-up away.
    /// </summary>
    public static int NextLabel(string host, int start)
    {
        var dot = host.IndexOf('.', start);
        return dot < 0 ? -1 : dot + 1;
    }
}
