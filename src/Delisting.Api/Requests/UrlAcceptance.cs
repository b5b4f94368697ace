using Delisting.Api.Domain;
using Delisting.Api.Rulings;

namespace Delisting.Api.Requests;

/// <summary>
/// Decides, for a ruling and a day, which submitted URLs are accepted and on which site, or why not. Each URL is
/// matched to the most specific site covering its host that is in force that day; its deadline and the end of its
/// obligation come from that site's clock.
/// </summary>
public static class UrlAcceptance
{
    /// <summary>Why the ruling as a whole takes no URL today (no site in force), or null when some site is.</summary>
    public static string? RulingRefusal(Ruling ruling, DateOnly today)
    {
        if (ruling.Sites.Any(s => s.InForceOn(today))) return null;
        var opens = ruling.Sites.Where(s => s.InForceFrom > today).Select(s => s.InForceFrom).DefaultIfEmpty().Min();
        if (opens != default)
        {
            return ruling.ServedOn is null && opens == ruling.DecidedOn
                ? $"Ruling '{ruling.Id}' is not in force yet: it takes effect on {opens:yyyy-MM-dd}."
                : $"Ruling '{ruling.Id}' is not in force yet: it is served on {opens:yyyy-MM-dd}.";
        }
        var ended = ruling.Sites.Max(s => s.InForceUntil);
        return $"Ruling '{ruling.Id}' is no longer in force: it ran until {ended:yyyy-MM-dd} ({ruling.TimeZone}).";
    }

    /// <summary>Why URLs are refused, as the metrics count them.</summary>
    public const string InvalidUrl = "invalid-url", NotListed = "not-listed", WindowClosed = "window-closed", ProtectedHost = "protected-host";

    /// <summary>
    /// The URLs submitted at <paramref name="now"/> that are accepted (normalized, deduplicated, in order), the refusals
    /// keyed by JSON path, and how many of each reason. A URL whose host is protected is refused unless its site carries a
    /// court's override.
    /// </summary>
    public static (List<AcceptedUrl> Accepted, Dictionary<string, string[]> Errors, Dictionary<string, int> Reasons) Check(
        Ruling ruling, IReadOnlyList<string?> urls, DateTimeOffset now, ProtectedHostIndex protectedHosts)
    {
        var today = ruling.Today(now);
        // A site that neither is nor covers a protected host holds no protected host: its URLs need no look-up.
        var guarded = new Dictionary<SiteWindow, bool>();
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = ruling.SiteIndex();
        var errors = new Dictionary<string, string[]>();
        var accepted = new List<AcceptedUrl>(urls.Count);
        var texts = new UrlTexts();
        // Keyed by the text's hash, the notice key: the URLs' strings need not stay for the whole check.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var clocks = new Dictionary<SiteWindow, (DateTimeOffset Deadline, DateTimeOffset EndsAt)>();
        for (var i = 0; i < urls.Count; i++)
        {
            var check = UrlNormalizer.Normalize(urls[i]);
            if (!check.IsValid)
            {
                errors[$"urls[{i}]"] = [check.Error!];
                reasons[InvalidUrl] = reasons.GetValueOrDefault(InvalidUrl) + 1;
                continue;
            }
            var match = index.Match(check.Host!, today);
            if (match.InForce is not { } site)
            {
                errors[$"urls[{i}]"] = [match.Closed is { } closed ? Closed(ruling, check.Host!, closed, today) : NotListedMessage(ruling,
                    check.Host!)];
                var reason = match.Closed is null ? NotListed : WindowClosed;
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                continue;
            }
            if (!guarded.TryGetValue(site, out var mayHold))
            {
                guarded[site] = mayHold = site.ProtectedHostOverride is null && protectedHosts.HitBy(site.Domain) is not null;
            }
            if (mayHold && protectedHosts.HostRefusal(check.Host!) is { } refusal)
            {
                errors[$"urls[{i}]"] = [refusal];
                reasons[ProtectedHost] = reasons.GetValueOrDefault(ProtectedHost) + 1;
                continue;
            }
            var hash = UrlTexts.HashOf(check.Url!);
            if (!seen.Add(Convert.ToHexString(hash))) continue;
            if (!clocks.TryGetValue(site, out var clock))
            {
                clocks[site] = clock = (site.DeadlineFor(now, ruling.Zone), site.ObligationEndsAt(ruling.Zone));
            }
            accepted.Add(new AcceptedUrl(texts, texts.Add(check.Url!), hash, site.Domain, clock.Deadline, clock.EndsAt));
        }
        return (accepted, errors, reasons);
    }

    private static string NotListedMessage(Ruling ruling, string host) =>
        $"The host '{host}' is not on the site list of ruling '{ruling.Id}'. If it is a mirror of a listed site, report it " +
        $"with POST /v1/rulings/{ruling.Id}/mirror-reports; it is covered once an extension of the site list includes it.";

    private static string Closed(Ruling ruling, string host, SiteWindow site, DateOnly today) =>
        $"The host '{host}' is on site '{site.Domain}' of ruling '{ruling.Id}', which is in force from {site.InForceFrom:yyyy-MM-dd} " +
        $"to {site.InForceUntil:yyyy-MM-dd} ({ruling.TimeZone}); " +
        (today < site.InForceFrom ? "its window is not open yet." : "its window is over.");
}
