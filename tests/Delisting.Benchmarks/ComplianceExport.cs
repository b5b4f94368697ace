using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Delisting.Benchmarks;

/// <summary>
/// The compliance export of the benchmark ruling (every item, all engines, CSV) read to the end by one client, with
/// the service's resident memory sampled every 20 ms meanwhile: rows/s, and how far memory rose above where it
/// was when the export began (goal: 1,000,000 rows within 50 MB more). Also the cost of the Delisting meter's
/// instruments when nothing listens, which is how the service runs without OTLP or Prometheus configured.
/// </summary>
public static class ComplianceExport
{
    public static async Task MeasureAsync(DelistingClient api, string plaintiffKey, string rulingId, ChildProcess service, Report report)
    {
        Console.WriteLine("== export: the ruling's compliance export (CSV, all engines)");
        var before = service.ResidentMegabytes() ?? 0;
        var clock = Stopwatch.StartNew();
        var ((lines, bytes), peak) = await Sampling.PeakDuringAsync(
            () => api.ExportAsync(plaintiffKey, $"/v1/rulings/{rulingId}/compliance/export?format=csv"),
            () => service.ResidentMegabytes() ?? 0, TimeSpan.FromMilliseconds(20));
        var seconds = clock.Elapsed.TotalSeconds;
        var rows = lines - 1;   // the header
        report.Info($"export: rows/s, CSV, all engines ({Settings.Count(rows)} rows, {bytes / 1048576.0:0} MiB in {seconds:0.0} s)", rows / seconds,
            "rows/s");
        report.AtMost($"export: service memory growth during it ({Settings.Count(rows)} rows; RSS {before:0} → peak {peak:0} MiB)", peak - before,
            "MiB",
            "goal ≤ 50 MiB", (peak - before) / 50, 1.0);
    }

    /// <summary>What recording costs when no exporter is configured: the meter's instruments have no listener.</summary>
    public static void MeasureIdleInstruments(Report report)
    {
        using var meter = new Meter("Delisting.Benchmark.Idle");
        var counter = meter.CreateCounter<long>("idle.counter");
        var histogram = meter.CreateHistogram<double>("idle.histogram");
        const int calls = 20_000_000;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("engine", "google"));
            histogram.Record(i, new KeyValuePair<string, object?>("engine", "google"));
        }
        var nanoseconds = clock.Elapsed.TotalNanoseconds / (2.0 * calls);
        report.Info("telemetry off: cost of one instrument call with no exporter configured", nanoseconds, "ns",
            note: "OpenTelemetry is not started without OTLP or Prometheus; a 10,000-URL request makes fewer than 10 such calls");
    }
}
