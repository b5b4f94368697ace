using System.Globalization;
using Delisting.Api.Compliance;
using Delisting.Api.Domain;
using Delisting.Api.Engines;
using Delisting.Api.Http;
using Delisting.Api.Organisations;
using Delisting.Api.Rulings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Delisting.Api.Transparency;

/// <summary>
/// A ruling as a Lumen Database court-order notice, following Lumen's notice submission API field for field (its
/// `CourtOrder` notice type with the roles issuing_court, plaintiff, sender and recipient; works with infringing URLs).
/// The URLs are those the compliance export shows claimed at the instant asked for: one rule of what was claimed when.
/// </summary>
public static class LumenNotices
{
    public const string CourtOrder = "CourtOrder";

    // The service carries orders of French courts (art. L.331-27 and L.336-2 of the Intellectual Property Code).
    private const string Country = "FR";

    /// <remarks>
    /// Admins and the ruling's plaintiffs (another rights holder gets 403). The answer is the JSON body Lumen's `POST
    /// /notices` takes, with Lumen's snake_case names: add your Lumen token (`authentication_token`, or the
    /// `X-Authentication-Token` header) and send it. One work per site whose window had opened by `asOf`, with the URLs
    /// claimed on it at `asOf` (withdrawn claims are left out); `action_taken` says what the engines had done by then.
    /// `asOf` is echoed in the `As-Of` header.
    /// </remarks>
    /// <param name="rulingId">Id (slug) of the ruling.</param>
    /// <param name="asOf">The instant, RFC 3339 with `Z` or an offset (encode `+` as `%2B`); default now, to the second. Not in the future.</param>
    public static async Task<Results<Ok<LumenSubmission>, ProblemHttpResult>> GetAsync(
        [ParameterExample("demo-ruling-in-force")] string rulingId, string? asOf, HttpContext http, ExportStore export,
        OrganisationsStore organisations, EnginesStore engines, TimeProvider time, CancellationToken cancellationToken)
    {
        var ruling = RulingScope.Of(http);
        var request = ComplianceExport.Read(ruling, engine: null, format: null, asOf, time.GetUtcNow());
        if (request.Problem is { } problem) return problem;

        var claimed = new SortedDictionary<string, UrlState>(StringComparer.Ordinal);
        await foreach (var page in ComplianceExport.Rows(export, ruling.Id, null, request.AsOf, cancellationToken))
        {
            foreach (var row in page.Where(r => r.Claimants.Count > 0))
            {
                if (!claimed.TryGetValue(row.Url, out var state)) claimed[row.Url] = state = new UrlState(row.Site);
                state.Claimants.UnionWith(row.Claimants);
                state.AllDelisted &= row.Status == ItemStatus.Delisted;
                state.AnyDelisted |= row.Status == ItemStatus.Delisted;
            }
        }
        var names = (await organisations.ListAsync(cancellationToken)).ToDictionary(o => o.Id, o => o.Name);
        var engineNames = (await engines.ListAsync(cancellationToken)).ToDictionary(e => e.Id, e => e.Name);
        http.Response.Headers[ComplianceExport.AsOfHeader] = ExportWriter.Instant(request.AsOf);
        return TypedResults.Ok(new LumenSubmission(Notice(ruling, request.AsOf, claimed, names, engineNames)));
    }

    private sealed class UrlState(string site)
    {
        public string Site { get; } = site;
        public SortedSet<string> Claimants { get; } = new(StringComparer.Ordinal);
        public bool AllDelisted { get; set; } = true;
        public bool AnyDelisted { get; set; }
    }

    private static LumenNotice Notice(Ruling ruling, DateTimeOffset asOf, SortedDictionary<string, UrlState> claimed,
        Dictionary<string, string> organisations, Dictionary<string, string> engines)
    {
        var day = ruling.Today(asOf);
        var bySite = claimed.ToLookup(u => u.Value.Site, u => new LumenUrl(u.Key));
        var sites = ruling.Sites.Where(s => s.InForceFrom <= day || bySite.Contains(s.Domain))
            .GroupBy(s => s.Domain).Select(g => g.First()).OrderBy(s => s.Domain, StringComparer.Ordinal).ToList();
        var works = sites.Select(s => new LumenWork(Describe(s), bySite[s.Domain].ToList())).ToList();

        LumenEntity Organisation(string id, string? country) => new(organisations.GetValueOrDefault(id, id), "organization", country);
        var roles = new List<LumenEntityRole> { new("issuing_court", new LumenEntity(ruling.Court, "organization", Country)) };
        roles.AddRange(ruling.Plaintiffs.Select(p => new LumenEntityRole("plaintiff", Organisation(p, Country))));
        roles.AddRange(claimed.Values.SelectMany(u => u.Claimants).Distinct().Order(StringComparer.Ordinal)
            .Select(p => new LumenEntityRole("sender", Organisation(p, Country))));
        roles.AddRange(ruling.Engines.Select(e =>
            new LumenEntityRole("recipient", new LumenEntity(engines.GetValueOrDefault(e, e), "organization", null))));

        var action = claimed.Count == 0 ? "Unspecified"
            : claimed.Values.All(u => u.AllDelisted) ? "Yes"
            : claimed.Values.Any(u => u.AnyDelisted) ? "Partial" : "No";
        var decided = ruling.DecidedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var served = ruling.StartsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var body = $"Order of the {ruling.Court} of {decided} (case {ruling.CaseReference}), served on {served}, requiring the search " +
                   $"engines {string.Join(", ", ruling.Engines.Select(e => engines.GetValueOrDefault(e, e)))} to delist from their results " +
                   $"the sites listed ({sites.Count}), within {ruling.ComplianceDays} days of each request, " +
                   $"until {ruling.InForceUntil:yyyy-MM-dd}. " +
                   $"As of {ExportWriter.Instant(asOf)}, {claimed.Count} URLs on those sites were requested by the plaintiffs and not withdrawn.";
        return new LumenNotice(CourtOrder, $"Court order {ruling.CaseReference} of {ruling.Court} ({decided}): delisting by search engines",
            "Delisting of the sites of a court order from search results", body, decided, served, "Delisting API", "en", Country,
            action, "court order, delisting, search engines", roles, works);
    }

    private static string Describe(SiteWindow site) =>
        site.Domain + (site.Network is null ? "" : $" ({site.Network})") +
        (site.MirrorOf is null ? ": a site on the ordered list" : $": a mirror of {site.MirrorOf} added to the ordered list");
}
