namespace Delisting.Benchmarks;

/// <summary>
/// Urgent work (contract v1.2, issue 21): a ruling with responseTime PT1H; bing subscribes its engine feed; 20
/// one-URL requests under that ruling, one after another; the time from each request's 201 (its last byte read) to
/// the first webhook delivery of its events at a local receiver: p50 and p99. The contract promises a first attempt
/// within 2 s of the commit of its first event.
/// </summary>
public static class UrgentWork
{
    public const string RulingId = "bench-urgent";
    private const string Path = "/ok/urgent";

    public static async Task MeasureAsync(WebhookCases.Actors actors, string adminKey, Report report)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await actors.Api.CreateRulingAsync(adminKey, new
        {
            id = RulingId, court = "Tribunal judiciaire de Paris", caseReference = "BENCH 00/00026",
            decidedOn = today.AddDays(-1), servedOn = (DateOnly?)null, timeZone = "Europe/Paris", responseTime = "PT1H",
            inForceUntil = today.AddDays(30), plaintiffs = new[] { "apc" }, engines = WebhookCases.Engines,
            sites = new[] { new { domain = "allostreaming.com", network = "Allostreaming" } },
        });
        await actors.Api.SubscribeAsync(actors.EngineKeys["bing"], actors.Receiver.BaseUrl + Path, "engine");
        var samples = await WebhookLatency.SampleAsync(actors, WebhookLatency.Requests, RulingId, Path);
        var p99 = WebhookCases.Percentile(samples, 99);
        report.Info($"urgent work: 201 → first delivery, responseTime PT1H, p50 of {WebhookLatency.Requests} requests",
            WebhookCases.Percentile(samples, 50), "ms");
        report.AtMost($"urgent work: 201 → first delivery, responseTime PT1H, p99 of {WebhookLatency.Requests} requests",
            p99, "ms", "contract: first attempt ≤ 2,000 ms after commit", p99 / 2000, 1.0);
    }
}
