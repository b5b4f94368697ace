namespace Delisting.Benchmarks;

/// <summary>
/// The figures only a long ingest gives (`--scale`: 250 requests of 10,000 URLs, 10 M items): how the time of one
/// request grows from 1 M items to 10 M (goal ≤ 1.2×), and the disk each item takes, database and WAL.
/// </summary>
public static class ScaleFigures
{
    public static void Report(Settings settings, IReadOnlyList<TimeSpan> elapsed, long items, string database, Report report)
    {
        var itemsPerRequest = (long)settings.UrlsPerRequest * 4;
        // The requests that ended between 0.75 M and 1.25 M items, and the last tenth of them (about 9–10 M).
        var aroundMillion = elapsed.Where((_, i) => (i + 1) * itemsPerRequest is >= 750_000 and <= 1_250_000).ToList();
        var last = elapsed.Skip(elapsed.Count - Math.Max(1, elapsed.Count / 10)).ToList();
        var atMillion = Median(aroundMillion);
        var atEnd = Median(last);
        report.AtMost($"scale: ingest p50 per request @ {Settings.Count(items)} items vs @ 1,000,000", atEnd, "ms",
            $"p50 @ 1,000,000 = {Delisting.Benchmarks.Report.Format(atMillion, "ms")}", atEnd / atMillion, 1.2);

        var wal = new FileInfo(database + "-wal");
        var walBytes = wal.Exists ? wal.Length : 0;
        var used = DiskPerItem.UsedBytes(database);
        report.Info($"scale: database bytes per item @ {Settings.Count(items)} items", used / (double)items, "B",
            note: $"{used / 1048576.0:0} MiB in use; file {new FileInfo(database).Length / 1048576.0:0} MiB");
        report.Info($"scale: WAL bytes per item @ {Settings.Count(items)} items", walBytes / (double)items, "B",
            note: $"WAL file {walBytes / 1048576.0:0.0} MiB (bounded by the checkpointer, not by the data)");
    }

    private static double Median(IReadOnlyList<TimeSpan> values)
    {
        var sorted = values.Select(t => t.TotalMilliseconds).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[(sorted.Length - 1) / 2];
    }
}
