using System.Globalization;

namespace Delisting.Benchmarks;

/// <summary>
/// Ingest alone (`--ingest-only`): the raw-insert ceiling, then a service of its own, 2 unmeasured requests of 10,000
/// URLs (the service compiles and caches the path), then 10 (quick 3) measured ones, one after another: the same rows/s
/// ratio as the full run's ingest line (goal ≥ 0.50), the p50 and the service CPU per request.
/// </summary>
public static class IngestAlone
{
    private static readonly string[] Engines = ["google", "bing", "orange", "yahoo"];

    public static async Task MeasureAsync(Settings settings, string repository, string work, bool quick, Report report)
    {
        Console.WriteLine("== ingest alone: raw-insert ceiling");
        var insertRate = await Ceilings.RawInsertAsync(Path.Combine(work, "ceiling.db"), settings.CeilingRows);
        report.Info("ceiling: raw SQLite inserts (1 prepared command, 1 transaction, WAL)", insertRate, "rows/s",
            note: $"{Settings.Count(settings.CeilingRows)} rows, best of {Ceilings.MeasuredPasses} passes");
        using var running = await ServiceUnderTest.StartAsync(repository, work, "ingest.db");
        Console.WriteLine($"== service: started (pid {running.Process.Id})");
        using var api = new DelistingClient(running.BaseAddress);
        var plaintiffKey = await api.CreateKeyAsync(running.AdminKey, new { role = "rights-holder", organisation = "apc", label = "benchmark: apc" });
        await Scenario.CreateRulingAsync(api, running.AdminKey, "bench-ingest");
        var nextFilm = 0;
        List<string> Urls(int count) => Enumerable.Range(0, count)
            .Select(_ => "https://www.allostreaming.com/film/" + (++nextFilm).ToString(CultureInfo.InvariantCulture)).ToList();
        for (var warmUp = 1; warmUp <= 2; warmUp++)
        {
            await api.SubmitRequestAsync(plaintiffKey, "bench-ingest", $"bench-ingest-warm-{warmUp}", Urls(settings.UrlsPerRequest));
        }
        var requests = quick ? 3 : 10;
        Console.WriteLine($"== ingest: {requests} requests × {Settings.Count(settings.UrlsPerRequest)} URLs");
        var elapsed = new List<double>();
        var database = Path.Combine(work, "ingest.db");
        var entriesBefore = BTreeEntries.Count(database);
        var cpuBefore = running.Process.CpuTime();
        for (var i = 1; i <= requests; i++)
        {
            var (_, took) = await api.SubmitRequestAsync(plaintiffKey, "bench-ingest", $"bench-ingest-{i:000}", Urls(settings.UrlsPerRequest));
            elapsed.Add(took.TotalMilliseconds);
            Console.WriteLine($"   request {i}/{requests}: {took.TotalMilliseconds:0} ms");
        }
        var cpu = running.Process.CpuTime() - cpuBefore;
        var entries = BTreeEntries.Count(database) - entriesBefore;
        var rowsPerSecond = Scenario.RowsPerRequest(settings.UrlsPerRequest, Engines.Length) * requests / (elapsed.Sum() / 1000);
        elapsed.Sort();
        report.Info($"ingest: time per {Settings.Count(settings.UrlsPerRequest)}-URL POST /v1/requests, p50 of {requests}",
            elapsed[(elapsed.Count - 1) / 2], "ms");
        if (cpu is TimeSpan total) report.Info("ingest: service CPU per request", total.TotalMilliseconds / requests, "ms");
        report.AtLeast("ingest: rows written/s", rowsPerSecond, "rows/s", $"raw inserts {Report.Format(insertRate, "rows/s")}",
            rowsPerSecond / insertRate, 0.50);
        BTreeEntries.Report(report, "ingest", entries, requests, elapsed.Sum() / 1000, Scenario.RowsPerRequest(settings.UrlsPerRequest,
            Engines.Length), insertRate);
    }
}
