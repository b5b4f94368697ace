using System.Globalization;

namespace Delisting.Benchmarks;

/// <summary>
/// Batches of 1,000 `delisted` reports taken from the engine's queue, one after another: the p50 round trip, and the
/// items applied per second as a ratio of the raw inserts' rows per second of the same run (goal ≥ 0.15). Also alone
/// (`--responses-only`): the raw-insert ceiling, then a service of its own loaded with one request of enough URLs.
/// </summary>
public static class ResponseBatches
{
    public const double RatioGoal = 0.15;

    public static async Task MeasureAsync(Settings settings, DelistingClient api, string engineKey, string engine, ChildProcess service,
        double insertRowsPerSecond, Report report)
    {
        Console.WriteLine($"== responses: {settings.ResponseBatches} batches of {Settings.Count(settings.BatchSize)}");
        var batches = new List<double>();
        var batchCpu = TimeSpan.Zero;
        for (var batch = 1; batch <= settings.ResponseBatches; batch++)
        {
            var ids = await api.PendingItemIdsAsync(engineKey, engine, settings.BatchSize);
            if (ids.Count < settings.BatchSize)
            {
                throw new InvalidOperationException($"The {engine} queue held {ids.Count} pending items, {settings.BatchSize} needed.");
            }
            var cpuBefore = service.CpuTime();
            var took = await api.ReportDelistedAsync(engineKey, engine, ids, batch);
            batchCpu += (service.CpuTime() - cpuBefore) ?? TimeSpan.Zero;
            batches.Add(took.TotalMilliseconds);
        }
        batches.Sort();
        var p50 = batches[(batches.Count - 1) / 2];
        var itemsPerSecond = settings.BatchSize / (p50 / 1000);
        report.AtMost($"responses: POST {Settings.Count(settings.BatchSize)} × delisted, p50 of {batches.Count} batches",
            p50, "ms", "goal ≤ 100 ms", p50 / 100, 1.0);
        report.AtLeast($"responses: items applied/s at the p50 ({Settings.Count(settings.BatchSize)} per batch)", itemsPerSecond, "items/s",
            $"raw inserts {Report.Format(insertRowsPerSecond, "rows/s")}", itemsPerSecond / insertRowsPerSecond, RatioGoal);
        report.Info("responses: slowest batch", batches[^1], "ms");
        report.Info("responses: service CPU per batch", batchCpu.TotalMilliseconds / batches.Count, "ms");
    }

    public static async Task MeasureAloneAsync(Settings settings, string repository, string work, Report report)
    {
        Console.WriteLine("== responses alone: raw-insert ceiling");
        var insertRate = await Ceilings.RawInsertAsync(Path.Combine(work, "ceiling.db"), settings.CeilingRows);
        report.Info("ceiling: raw SQLite inserts (1 prepared command, 1 transaction, WAL)", insertRate, "rows/s",
            note: $"{Settings.Count(settings.CeilingRows)} rows, best of {Ceilings.MeasuredPasses} passes");
        using var running = await ServiceUnderTest.StartAsync(repository, work, "responses.db");
        using var api = new DelistingClient(running.BaseAddress);
        var plaintiffKey = await api.CreateKeyAsync(running.AdminKey, new { role = "rights-holder", organisation = "apc", label = "benchmark: apc" });
        var engineKey = await api.CreateKeyAsync(running.AdminKey, new { role = "engine", engine = "google", label = "benchmark: google" });
        await Scenario.CreateRulingAsync(api, running.AdminKey, "bench-responses");
        // Warm-up batches are taken from the same queue: room for them and the measured ones.
        var urls = Enumerable.Range(1, settings.BatchSize * (settings.ResponseBatches + 2))
            .Select(i => "https://www.allostreaming.com/film/" + i.ToString(CultureInfo.InvariantCulture));
        foreach (var (chunk, i) in urls.Chunk(10_000).Select((chunk, i) => (chunk, i)))
        {
            await api.SubmitRequestAsync(plaintiffKey, "bench-responses", $"bench-responses-{i}", chunk);
        }
        for (var warmUp = 1; warmUp <= 2; warmUp++)
        {
            await api.ReportDelistedAsync(engineKey, "google", await api.PendingItemIdsAsync(engineKey, "google", settings.BatchSize), -warmUp);
        }
        await MeasureAsync(settings, api, engineKey, "google", running.Process, insertRate, report);
    }
}
