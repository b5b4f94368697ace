namespace Delisting.Benchmarks;

/// <summary>
/// One owner's hung receivers must not delay another owner: apc subscribes three receivers that read each delivery
/// and never answer; once each holds one (apc's feed hears of google delisting an item), the latency case's requests
/// are sent again and google's first-delivery p50 is compared with the latency case's p50 of the same run.
/// Goal: the added delay ≤ 1 s (issue 25, finding 5).
/// </summary>
public static class WebhookIsolation
{
    public const int HungReceivers = 3;
    public const int Requests = 10;

    public static async Task MeasureAsync(WebhookCases.Actors actors, double baselineP50, Report report)
    {
        var hung = Enumerable.Range(1, HungReceivers).Select(i => $"/hang/{i}").ToList();
        foreach (var path in hung) await actors.Api.SubscribeAsync(actors.PlaintiffKey, actors.Receiver.BaseUrl + path, "organisation");
        var google = actors.EngineKeys["google"];
        var item = await actors.Api.PendingItemIdsAsync(google, "google", 1);
        await actors.Api.ReportDelistedAsync(google, "google", item, 0);
        if (!await WebhookReceiver.UntilAsync(() => hung.All(p => actors.Receiver.Hung(p) > 0), TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("The hung receivers were not all reached within 30 s.");
        }
        var samples = await WebhookLatency.SampleAsync(actors, Requests);
        var p50 = WebhookCases.Percentile(samples, 50);
        var added = Math.Max(0, p50 - baselineP50);
        report.Info($"webhooks: 201 → first delivery with {HungReceivers} hung receivers of another owner, p50 of {Requests}", p50, "ms");
        report.AtMost($"webhooks: delay {HungReceivers} hung receivers of another owner add (p50 vs without)", added, "ms",
            $"without: {baselineP50:0.0} ms; goal ≤ 1,000 ms", added / 1000, 1.0);
    }
}
