using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Delisting.Benchmarks;

/// <summary>
/// The write-ahead log under concurrent writers, on a service process of its own: 4 clients post 10,000-URL requests
/// back to back, one client reads the ruling's compliance export again and again, and 16 clients read a request's
/// status, for 60 s (quick: 10 s). Goal: the `-wal` file, sampled four times a second, never reaches 256 MiB; and the
/// database file grows by what was written only (its free pages at the end are reported beside its growth).
/// </summary>
public static class WalUnderWriters
{
    public const int Writers = 4;
    public const int StatusReaders = 16;
    public const int UrlsPerRequest = 10_000;
    private const double PeakGoalMiB = 256;
    private const string RulingId = "bench-wal";

    public static async Task MeasureAsync(string repository, string work, bool quick, Report report)
    {
        var duration = TimeSpan.FromSeconds(quick ? 10 : 60);
        Console.WriteLine($"== wal: {Writers} writers × {Settings.Count(UrlsPerRequest)} URLs back to back, an export and " +
            $"{StatusReaders} status readers for {duration.TotalSeconds:0} s");
        var database = Path.Combine(work, "wal.db");
        using var running = await ServiceUnderTest.StartAsync(repository, work, "wal.db");
        using var api = new DelistingClient(running.BaseAddress);
        var key = await api.CreateKeyAsync(running.AdminKey, new { role = "rights-holder", organisation = "apc", label = "benchmark: wal" });
        await api.CreateOneSiteRulingAsync(running.AdminKey, RulingId, "BENCH 00/00003");
        var nextUrl = 0;
        List<string> Urls(int count) => Enumerable.Range(0, count)
            .Select(_ => "https://www.allostreaming.com/wal/" + Interlocked.Increment(ref nextUrl).ToString(CultureInfo.InvariantCulture)).ToList();
        var (statusId, _) = await api.SubmitRequestAsync(key, RulingId, "bench-wal-status", Urls(10));
        var sizeBefore = new FileInfo(database).Length + WalBytes(database);

        using var wal = new WalSize(database + "-wal");
        using var stop = new CancellationTokenSource(duration);
        var written = 0L;
        var refused = new List<string>();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            using var client = new DelistingClient(running.BaseAddress);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await client.SubmitRequestAsync(key, RulingId, $"bench-wal-{w}", Urls(UrlsPerRequest));
                    Interlocked.Add(ref written, UrlsPerRequest);
                }
                catch (InvalidOperationException exception)
                {
                    lock (refused) refused.Add(exception.Message.Length > 200 ? exception.Message[..200] : exception.Message);
                }
            }
        })).ToList();
        var exports = 0;
        var exporter = Task.Run(async () =>
        {
            using var client = new DelistingClient(running.BaseAddress);
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await client.ExportAsync(key, $"/v1/rulings/{RulingId}/compliance/export?format=csv", stop.Token);
                    exports++;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        });
        var latencies = new List<double>();
        var readers = Enumerable.Range(0, StatusReaders).Select(_ => Task.Run(async () =>
        {
            using var client = new DelistingClient(running.BaseAddress);
            var mine = new List<double>();
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                await client.RequestStatusAsync(key, statusId);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            lock (latencies) latencies.AddRange(mine);
        })).ToList();
        await Task.WhenAll([.. writers, exporter, .. readers]);
        var peak = wal.PeakMiB();
        running.Dispose();

        var (pages, free) = PageCounts(database);
        var growth = (new FileInfo(database).Length + WalBytes(database) - sizeBefore) / 1048576.0;
        report.AtMost($"wal: peak WAL, {Writers} writers + export + {StatusReaders} status readers, {duration.TotalSeconds:0} s", peak, "MiB",
            $"goal < {PeakGoalMiB:0} MiB", peak / PeakGoalMiB, 1.0);
        report.Info($"wal: URLs written meanwhile ({Settings.Count(written)}), exports read to the end: {exports}", written / duration.TotalSeconds,
            "URLs/s", note: refused.Count == 0 ? null : $"{refused.Count} submissions refused: {refused[0]}");
        report.Info("wal: database file growth (after a final checkpoint)", growth, "MiB",
            note: $"{(written == 0 ? 0 : growth * 1048576 / written):0} bytes per URL written; " +
                $"{(pages == 0 ? 0 : free * 100.0 / pages):0.0}% of its {Settings.Count(pages)} pages free");
        report.Info($"wal: p99 of GET /v1/requests/{{id}} meanwhile ({Settings.Count(latencies.Count)} reads)",
            WebhookCases.Percentile(latencies, 99), "ms");
    }

    private static long WalBytes(string database) => new FileInfo(database + "-wal") is { Exists: true } wal ? wal.Length : 0;

    /// <summary>Pages of the database file and how many of them are free, read after the service stopped.</summary>
    internal static (long Pages, long Free) PageCounts(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA page_count;";
        using var reader = command.ExecuteReader();
        reader.NextResult();
        reader.Read();
        var pages = reader.GetInt64(0);
        using var freelist = connection.CreateCommand();
        freelist.CommandText = "PRAGMA freelist_count;";
        return (pages, (long)freelist.ExecuteScalar()!);
    }
}
