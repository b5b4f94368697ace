using Delisting.Api.Data;
using Delisting.Api.Domain;
using Delisting.Api.Http;
using Delisting.Api.Withdrawals;

namespace Delisting.Api.ProtectedHosts;

/// <summary>
/// withdrawOpenItems: every claimed notice whose URL's host a new entry protects, under every ruling, loses all its claims as
/// an admin withdrawal would (<see cref="WithdrawalsStore.EndEveryClaimAsync"/>), inside the caller's transaction. A notice's
/// site covers its host, so only the sites that may hold a protected host are searched: those the entry's host lies under,
/// and (with includeSubdomains) those under the entry's host, whose every URL it protects. Sites a court allowed on a
/// protected host keep their claims.
/// </summary>
public static class ProtectedHostWithdrawals
{
    private const string SelectSites = "SELECT ruling_id, domain, protected_host_override FROM ruling_sites";

    // The notices of one ruling on the given sites that some request still claims.
    private const string SelectClaimedNotices = $"""
        SELECT {NoticeFacts.Columns} FROM notices n
        WHERE n.ruling_id = @RulingId AND n.site IN @Sites
          AND EXISTS (SELECT 1 FROM request_urls ru WHERE ru.notice_id = n.id AND ru.withdrawn_at IS NULL)
        ORDER BY n.seq
        """;

    public static async Task<ProtectedHostWithdrawal> WithdrawAsync(DbSession session, ProtectedHost entry, Caller caller, DateTimeOffset now)
    {
        var sites = await session.QueryAsync<SiteRow>(SelectSites);
        // A domain listed twice under a ruling (two windows) keeps its claims when any of its windows carries an override.
        var overridden = sites.Where(s => s.ProtectedHostOverride is not null).Select(s => (s.RulingId, s.Domain)).ToHashSet();
        var reason = $"protected host: {entry.Reason}";
        var (rulings, urls, items) = (0, 0, 0);
        foreach (var ruling in sites.Where(s => ProtectedHostIndex.SiteMayHold(s.Domain, entry) && !overridden.Contains((s.RulingId, s.Domain)))
                     .GroupBy(s => s.RulingId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var domains = ruling.Select(s => s.Domain).Distinct(StringComparer.Ordinal).ToList();
            var notices = (await session.QueryByKeysAsync<NoticeFacts, string>(SelectClaimedNotices, "Sites", domains, new { RulingId = ruling.Key }))
                .Where(n => Protected(n, entry)).OrderBy(n => n.Seq).ToList();
            if (notices.Count == 0) continue;
            items += await WithdrawalsStore.EndEveryClaimAsync(session, ruling.Key, notices, reason, caller, now);
            (rulings, urls) = (rulings + 1, urls + notices.Count);
        }
        return new ProtectedHostWithdrawal(rulings, urls, items);
    }

    // Every URL on a site under the entry's host is protected; on a site above it, only the URLs whose host is.
    private static bool Protected(NoticeFacts notice, ProtectedHost entry) =>
        ProtectedHostIndex.Protects(entry, notice.Site)
        || (UrlNormalizer.Normalize(notice.Url).Host is { } host && ProtectedHostIndex.Protects(entry, host));

    private sealed class SiteRow
    {
        public string RulingId { get; init; } = "";
        public string Domain { get; init; } = "";
        public string? ProtectedHostOverride { get; init; }
    }
}
