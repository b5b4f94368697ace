using Microsoft.Data.Sqlite;

namespace Delisting.Benchmarks;

/// <summary>
/// Disk per item, for docs/capacity.md (only with --waits-only): a service process on its own database, a ruling for
/// the four engines, then 10,000-URL requests one after another (full: 10, quick: 2); the database's used bytes
/// (page_count − freelist_count, times page_size, as a reader sees it with the WAL applied) after the first request
/// and at the end, and the service's CPU time over the requests. Reported: bytes per item (a URL × an engine) of the growth between the
/// two points, and items written per second of service CPU (one core).
/// </summary>
public static class DiskPerItem
{
    private const string RulingId = "bench-disk";
    private const int UrlsPerRequest = 10_000;

    public static async Task MeasureAsync(string repository, string work, bool quick, Report report)
    {
        var requests = quick ? 2 : 10;
        Console.WriteLine($"== disk per item: {requests} × {Settings.Count(UrlsPerRequest)} URLs, 4 engines");
        var database = Path.Combine(work, "disk.db");
        using var running = await ServiceUnderTest.StartAsync(repository, work, "disk.db");
        using var api = new DelistingClient(running.BaseAddress);
        var key = await api.CreateKeyAsync(running.AdminKey, new { role = "rights-holder", organisation = "apc", label = "benchmark: disk" });
        await api.CreateOneSiteRulingAsync(running.AdminKey, RulingId, "BENCH 00/00121");
        var url = 0;
        List<string> Urls() => Enumerable.Range(0, UrlsPerRequest).Select(_ => $"https://www.allostreaming.com/film/{++url}/watch").ToList();
        await api.SubmitRequestAsync(key, RulingId, "bench-disk-0", Urls());
        var first = UsedBytes(database);
        var cpuBefore = running.Process.CpuTime();
        for (var i = 1; i < requests; i++) await api.SubmitRequestAsync(key, RulingId, $"bench-disk-{i}", Urls());
        var cpu = running.Process.CpuTime() - cpuBefore;
        running.Dispose();
        var (pages, free) = WalUnderWriters.PageCounts(database);
        var last = UsedBytes(database);
        var items = (long)(requests - 1) * UrlsPerRequest * WebhookCases.Engines.Length;
        report.Info($"disk: bytes per item (URL × engine), growth from {Settings.Count(UrlsPerRequest * 4)} to " +
            $"{Settings.Count((long)requests * UrlsPerRequest * 4)} items", (last - first) / (double)items, "B",
            note: $"file {new FileInfo(database).Length / 1048576.0:0.0} MiB at the end after a checkpoint, " +
                $"{free * 100.0 / Math.Max(1, pages):0.0}% of its pages free; " +
                $"{(last - first) / (double)(requests - 1) / UrlsPerRequest:0} B per URL");
        if (cpu is TimeSpan used) report.Info("disk: items written per second of service CPU (one core)", items / used.TotalSeconds, "items/s");
    }

    /// <summary>Bytes of the database's pages in use, as a new reader sees them (the WAL's committed pages included).</summary>
    public static long UsedBytes(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        long Pragma(string name)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {name};";
            return (long)command.ExecuteScalar()!;
        }
        return (Pragma("page_count") - Pragma("freelist_count")) * Pragma("page_size");
    }
}
