using System.Diagnostics.Metrics;

namespace Delisting.Api.Telemetry;

/// <summary>
/// What a liaison desk watches, as OpenTelemetry instruments of the meter `Delisting`. Recording costs a few
/// nanoseconds when nobody listens; nothing is exported unless an exporter is configured (Hosting/Telemetry.cs).
/// </summary>
public sealed class DelistingMetrics : IDisposable
{
    public const string MeterName = "Delisting";

    private readonly Meter meter;
    private readonly Counter<long> urlsSubmitted;
    private readonly Counter<long> urlsRefused;
    private readonly Counter<long> batchesApplied;
    private readonly Counter<long> itemsReported;
    private readonly Counter<long> replays;
    private readonly Counter<long> rateLimited;
    private readonly Histogram<double> timeToDelist;
    private readonly Counter<long> delistings;

    // Hours to weeks: the order gives 15 days, so the buckets are dense around the deadline.
    private static readonly IReadOnlyList<double> TimeToDelistBuckets =
        [3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 3 * 86400, 5 * 86400, 7 * 86400, 10 * 86400, 14 * 86400, 15 * 86400, 21 * 86400, 30 * 86400,
            60 * 86400];

    public DelistingMetrics(ItemGauges gauges, IMeterFactory meters)
    {
        // From the container's factory: each service instance (and each test host) has meters of its own.
        meter = meters.Create(MeterName);
        urlsSubmitted = meter.CreateCounter<long>("delisting.urls.submitted", "{url}", "URLs accepted in delisting requests");
        urlsRefused = meter.CreateCounter<long>("delisting.urls.refused", "{url}", "URLs refused in delisting requests, by ruling and reason");
        batchesApplied = meter.CreateCounter<long>("delisting.response_batches.applied", "{batch}", "Engine response batches applied");
        itemsReported = meter.CreateCounter<long>("delisting.items.reported", "{item}",
            "Item status changes reported by engines, by engine and status");
        replays = meter.CreateCounter<long>("delisting.idempotent_replays", "{request}", "Submissions answered from their Idempotency-Key record");
        rateLimited = meter.CreateCounter<long>("delisting.rate_limited", "{call}", "Calls refused with 429");
        timeToDelist = meter.CreateHistogram("delisting.time_to_delist", "s",
            "Time from a URL's first submission to its engine's delisting report, by engine and ruling",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TimeToDelistBuckets });
        delistings = meter.CreateCounter<long>("delisting.delistings", "{item}",
            "Delisting reports by engine, ruling and timeliness (on-time or late, as compliance rates them)");
        meter.CreateObservableGauge("delisting.items", gauges.Items, "{item}", "Items by engine, ruling and status (refreshed at most every 30 s)");
        meter.CreateObservableGauge("delisting.items.overdue", gauges.Overdue, "{item}", "Open items past their deadline, by engine");
        meter.CreateObservableGauge("delisting.items.lapsed", gauges.Lapsed, "{item}", "Items still open when the order ended, by engine");
    }

    public void Submitted(string rulingId, int urls) => urlsSubmitted.Add(urls, new KeyValuePair<string, object?>("ruling", rulingId));

    public void Refused(string rulingId, string reason, int urls) =>
        urlsRefused.Add(urls, new KeyValuePair<string, object?>("ruling", rulingId), new KeyValuePair<string, object?>("reason", reason));

    public void BatchApplied(string engine, IEnumerable<string> statuses)
    {
        batchesApplied.Add(1, new KeyValuePair<string, object?>("engine", engine));
        foreach (var status in statuses.GroupBy(s => s))
        {
            itemsReported.Add(status.Count(), new KeyValuePair<string, object?>("engine", engine), new KeyValuePair<string, object?>("status",
                status.Key));
        }
    }

    /// <summary>Records, per item an engine's batch delisted, the time from the URL's first submission and whether it was on time.</summary>
    public void Delisted(string engine, IReadOnlyList<(string RulingId, TimeSpan Time, string Timeliness)> timesToDelist)
    {
        foreach (var (rulingId, time, timeliness) in timesToDelist)
        {
            timeToDelist.Record(time.TotalSeconds, new KeyValuePair<string, object?>("engine", engine), new KeyValuePair<string, object?>("ruling",
                rulingId));
            delistings.Add(1, new KeyValuePair<string, object?>("engine", engine), new KeyValuePair<string, object?>("ruling", rulingId),
                new KeyValuePair<string, object?>("timeliness", timeliness));
        }
    }

    public void Replayed() => replays.Add(1);

    public void RateLimited() => rateLimited.Add(1);

    public void Dispose() => meter.Dispose();
}
