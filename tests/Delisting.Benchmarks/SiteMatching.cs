using System.Globalization;

namespace Delisting.Benchmarks;

/// <summary>
/// Site matching at scale: 10,000-URL requests under a ruling of 500 sites (the hosts spread over all of them and
/// their subdomains) against the same requests under the four-site ruling of the ingest figure.
/// </summary>
public static class SiteMatching
{
    public const int Sites = 500;
    private const int Requests = 2;

    public static async Task MeasureAsync(DelistingClient api, string adminKey, string plaintiffKey, string[] engines, int urlsPerRequest,
        double ingestP50Ms, Report report)
    {
        Console.WriteLine($"== site matching: {Requests} requests × {Settings.Count(urlsPerRequest)} URLs under a ruling of {Sites} sites");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        const string rulingId = "bench-many-sites";
        await api.CreateRulingAsync(adminKey, new
        {
            id = rulingId, court = "Tribunal judiciaire de Paris", caseReference = "BENCH 00/00001",
            decidedOn = today.AddDays(-10), servedOn = (DateOnly?)null, timeZone = "Europe/Paris", complianceDays = 15,
            inForceUntil = today.AddDays(365), plaintiffs = new[] { "apc" }, engines,
            sites = Enumerable.Range(0, Sites).Select(i => new { domain = Domain(i), network = "Bench" }),
        });

        var elapsed = new List<double>();
        var film = 0;
        for (var r = 0; r < Requests; r++)
        {
            var urls = Enumerable.Range(0, urlsPerRequest).Select(i =>
            {
                var site = Domain(i % Sites);
                var host = (i / Sites % 3) switch { 0 => site, 1 => "www." + site, _ => "cdn.eu." + site };
                return $"https://{host}/film/{(++film).ToString(CultureInfo.InvariantCulture)}";
            }).ToList();
            var (_, took) = await api.SubmitRequestAsync(plaintiffKey, rulingId, $"bench-sites-{r}", urls);
            elapsed.Add(took.TotalMilliseconds);
        }
        elapsed.Sort();
        var p50 = elapsed[(elapsed.Count - 1) / 2];
        report.AtMost($"site matching: 10,000-URL POST under {Sites} sites, p50 of {Requests}", p50, "ms",
            $"4 sites: {Report.Format(ingestP50Ms, "ms")}", p50 / ingestP50Ms, 1.25);
    }

    private static string Domain(int i) => $"mirror-{i.ToString("000", CultureInfo.InvariantCulture)}.example";
}
