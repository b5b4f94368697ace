namespace Delisting.Api.Domain;

/// <summary>The protected-host list as it stands now (read from the database by the ProtectedHosts feature, which registers it).</summary>
public delegate Task<ProtectedHostIndex> ProtectedHostLookup(CancellationToken cancellationToken);

/// <summary>An entry of the protected-host list as matching needs it.</summary>
/// <param name="Host">Normalized like a site's domain (lowercase ASCII, no trailing dot).</param>
/// <param name="IncludeSubdomains">Whether the entry also protects every subdomain of its host.</param>
public sealed record ProtectedHost(string Id, string Host, bool IncludeSubdomains, string Reason);

/// <summary>
/// The protected-host list, for matching hosts and domains by the site matcher's rules (<see cref="SiteIndex.Covers"/>: names
/// already normalized, coverage on label boundaries): a host is protected when it equals an entry's host, or is a
/// subdomain of an entry that includes its subdomains.
/// </summary>
public sealed class ProtectedHostIndex
{
    public static readonly ProtectedHostIndex Empty = new([]);

    private readonly Dictionary<string, ProtectedHost> byHost = new(StringComparer.Ordinal);

    public ProtectedHostIndex(IEnumerable<ProtectedHost> entries)
    {
        foreach (var entry in entries) byHost[entry.Host] = entry;
    }

    public int Count => byHost.Count;

    /// <summary>The entry that protects <paramref name="host"/> (the most specific), or null.</summary>
    public ProtectedHost? Protecting(string host)
    {
        for (var start = 0; start >= 0 && start < host.Length; start = SiteIndex.NextLabel(host, start))
        {
            if (!byHost.TryGetValue(host[start..], out var entry)) continue;
            if (start == 0 || entry.IncludeSubdomains) return entry;
        }
        return null;
    }

    /// <summary>
    /// The entry a site on <paramref name="domain"/> would hit: one that protects the domain itself, or one whose host the
    /// site covers (a site 'google.com' covers 'drive.google.com'). Null when the site hits none.
    /// </summary>
    public ProtectedHost? HitBy(string domain) =>
        Protecting(domain) ?? byHost.Values.Where(e => SiteIndex.Covers(domain, e.Host)).MinBy(e => e.Host, StringComparer.Ordinal);

    /// <summary>
    /// Why a site or mirror report on <paramref name="domain"/> is refused (it hits an entry), ending with <paramref name="advice"/>;
    /// null when it hits none.
    /// </summary>
    public string? DomainRefusal(string domain, string advice) => HitBy(domain) is not { } entry ? null
        : Protects(entry, domain)
            ? $"'{domain}' is a protected host (entry '{entry.Id}' for '{entry.Host}': {entry.Reason}). {advice}"
            : $"'{domain}' covers the protected host '{entry.Host}' (entry '{entry.Id}': {entry.Reason}). {advice}";

    /// <summary>Why a URL on <paramref name="host"/> is refused, or null when the host is not protected.</summary>
    public string? HostRefusal(string host) => Protecting(host) is not { } entry ? null
        : $"The host '{host}' is protected (entry '{entry.Id}' for '{entry.Host}': {entry.Reason}); its URLs are accepted only on a site " +
          "that a court decision allowed on a protected host (see GET /v1/protected-hosts).";

    /// <summary>The advice of a refused site where a court may override the protection.</summary>
    public const string OverrideAdvice =
        "Only a court decision can list it: give the decision's words in the site's protectedHostOverride.";

    /// <summary>Whether a URL host on a site that covers it could be protected by <paramref name="entry"/>.</summary>
    public static bool SiteMayHold(string site, ProtectedHost entry) =>
        SiteIndex.Covers(site, entry.Host) || (entry.IncludeSubdomains && SiteIndex.Covers(entry.Host, site));

    /// <summary>Whether <paramref name="entry"/> protects <paramref name="host"/> (the same rule as <see cref="Protecting"/>).</summary>
    public static bool Protects(ProtectedHost entry, string host) =>
        string.Equals(entry.Host, host, StringComparison.Ordinal) || (entry.IncludeSubdomains && SiteIndex.Covers(entry.Host, host));
}
