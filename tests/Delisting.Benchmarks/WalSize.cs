namespace Delisting.Benchmarks;

/// <summary>
/// Samples the size of the service's SQLite write-ahead log (the `-wal` file beside the database) four times a
/// second, to show that checkpointing keeps it bounded (`Database:WalCheckpointSeconds`, `Database:JournalSizeLimitBytes`).
/// </summary>
public sealed class WalSize : IDisposable
{
    private const double LimitMiB = 64;
    private readonly string _path;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peak;

    public WalSize(string path)
    {
        _path = path;
        _sampling = SampleAsync();
    }

    private long Now()
    {
        try { return new FileInfo(_path).Exists ? new FileInfo(_path).Length : 0; }
        catch (IOException) { return 0; }
    }

    private async Task SampleAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            do
            {
                _peak = Math.Max(_peak, Now());
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>The largest size sampled so far, the current one included.</summary>
    public double PeakMiB() => Math.Max(_peak, Now()) / 1048576.0;

    public void Report(Report report)
    {
        var now = Now() / 1048576.0;
        var peak = Math.Max(_peak, Now()) / 1048576.0;
        report.Info("SQLite WAL size: peak during the run", peak, "MiB",
            note: $"the service checkpoints (TRUNCATE) every 10 s with journal_size_limit {LimitMiB:0} MiB");
        report.Info("SQLite WAL size: at the end", now, "MiB");
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _sampling.Wait(); } catch (AggregateException) { }
        _stop.Dispose();
    }
}
