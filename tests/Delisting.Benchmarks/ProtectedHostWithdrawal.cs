using System.Globalization;

namespace Delisting.Benchmarks;

/// <summary>
/// Protecting a host with withdrawOpenItems: each round submits 10,000 URLs on a host of its own site, then protects that
/// host, which ends every claim on them in one call (40,000 items move with four engines). Compared with the withdrawal of
/// 10,000 URLs through their request in the same run.
/// </summary>
public static class ProtectedHostWithdrawal
{
    private const int WarmUpRounds = 1, Rounds = 3;

    public static async Task MeasureAsync(DelistingClient api, string adminKey, string plaintiffKey, string[] engines, int urlsPerRequest,
        double withdrawalP50Ms, Report report)
    {
        Console.WriteLine(
            $"== protected host: {WarmUpRounds} + {Rounds} × {Settings.Count(urlsPerRequest)} claimed URLs withdrawn by protecting their host");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        const string rulingId = "bench-shared-hosts";
        await api.CreateRulingAsync(adminKey, new
        {
            id = rulingId, court = "Tribunal judiciaire de Paris", caseReference = "BENCH 00/00002",
            decidedOn = today.AddDays(-10), servedOn = (DateOnly?)null, timeZone = "Europe/Paris", complianceDays = 15,
            inForceUntil = today.AddDays(365), plaintiffs = new[] { "apc" }, engines,
            sites = Enumerable.Range(0, WarmUpRounds + Rounds).Select(i => new { domain = Site(i), network = "Bench" }),
        });

        var elapsed = new List<double>();
        for (var round = 0; round < WarmUpRounds + Rounds; round++)
        {
            var host = "files." + Site(round);
            var urls = Enumerable.Range(0, urlsPerRequest).Select(i => $"https://{host}/file/{i.ToString(CultureInfo.InvariantCulture)}").ToList();
            await api.SubmitRequestAsync(plaintiffKey, rulingId, $"bench-shared-{round}", urls);
            var (took, withdrawn) = await api.ProtectHostAsync(adminKey, host);
            if (withdrawn != urls.Count) throw new InvalidOperationException($"Protecting {host} withdrew {withdrawn} URLs of {urls.Count}.");
            var label = round < WarmUpRounds ? "warm-up" : $"round {round - WarmUpRounds + 1}/{Rounds}";
            Console.WriteLine($"   {label}: protected in {took.TotalMilliseconds:0} ms");
            if (round >= WarmUpRounds) elapsed.Add(took.TotalMilliseconds);
        }
        elapsed.Sort();
        var p50 = elapsed[(elapsed.Count - 1) / 2];
        report.AtMost($"protected host: POST withdrawOpenItems over {Settings.Count(urlsPerRequest)} claimed URLs (4 engines), p50 of {Rounds}", p50,
            "ms",
            $"2 × withdrawing {Settings.Count(urlsPerRequest)} URLs ({Report.Format(withdrawalP50Ms, "ms")})", p50 / withdrawalP50Ms, 2.0);
    }

    private static string Site(int i) => $"shared-{i.ToString("00", CultureInfo.InvariantCulture)}.example";
}
