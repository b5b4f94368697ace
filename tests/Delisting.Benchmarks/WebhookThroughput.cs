using System.Diagnostics;

namespace Delisting.Benchmarks;

/// <summary>
/// Events per second per subscription: each of the four engines subscribes its feed to a healthy local receiver,
/// then one 10,000-URL request makes 40,000 item-created events (10,000 per engine feed, sent in deliveries of up to
/// 100). Reported: the time from the 201 until the receiver has all 40,000 (goal ≤ 10 s, issue 25) and the slowest
/// subscription's events/s over that time.
/// </summary>
public static class WebhookThroughput
{
    public const int Urls = 10_000;

    public static async Task MeasureAsync(WebhookCases.Actors actors, Report report)
    {
        foreach (var engine in WebhookCases.Engines)
        {
            await actors.Api.SubscribeAsync(actors.EngineKeys[engine], $"{actors.Receiver.BaseUrl}/ok/bulk-{engine}", "engine");
        }
        static bool Bulk(WebhookReceiver.Arrival a) => a.Path.StartsWith("/ok/bulk-", StringComparison.Ordinal);
        await actors.Api.SubmitRequestAsync(actors.PlaintiffKey, WebhookCases.RulingId, "bench-hook-bulk", actors.Urls(Urls));
        var answered = Stopwatch.GetTimestamp();
        var expected = Urls * WebhookCases.Engines.Length;
        bool All() => actors.Receiver.Arrivals.Where(Bulk).Sum(a => a.EventIds.Count) >= expected;
        if (!await WebhookReceiver.UntilAsync(All, TimeSpan.FromSeconds(120)))
        {
            throw new TimeoutException($"The receiver did not get the {Settings.Count(expected)} events within 120 s.");
        }
        var bulk = actors.Receiver.Arrivals.Where(Bulk).ToList();
        var all = Stopwatch.GetElapsedTime(answered, bulk.Max(a => a.At)).TotalSeconds;
        var slowest = bulk.GroupBy(a => a.Path)
            .Min(g => g.Sum(a => a.EventIds.Count) / Stopwatch.GetElapsedTime(answered, g.Max(a => a.At)).TotalSeconds);
        report.AtMost(
            $"webhooks: 201 → all {Settings.Count(expected)} events of a {Settings.Count(Urls)}-URL request received ({bulk.Count} deliveries)",
            all, "s", "goal ≤ 10 s", all / 10, 1.0);
        report.Info("webhooks: events/s per subscription (slowest of 4, one receiver)", slowest, "events/s");
    }
}
