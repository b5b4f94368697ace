namespace Delisting.Api.Data;

/// <summary>
/// Keeps the database's log bounded under sustained load: every `Database:WalCheckpointSeconds` (default 10; 0 turns
/// it off) it asks the driver to checkpoint (<see cref="Database.CheckpointAsync"/>): on SQLite, a TRUNCATE
/// checkpoint of the write-ahead log with `journal_size_limit` (`Database:JournalSizeLimitBytes`, default 64 MiB);
/// SQL Server manages its log itself.
/// </summary>
public sealed class LogCheckpointer(Database database, IConfiguration configuration) : BackgroundService
{
    public const long DefaultJournalSizeLimitBytes = 64L * 1024 * 1024;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue("Database:WalCheckpointSeconds", 10);
        if (seconds <= 0) return;
        var limit = configuration.GetValue("Database:JournalSizeLimitBytes", DefaultJournalSizeLimitBytes);
        // An interval of the machine's clock, not a date: a clock moved forward (in tests, a year at a time) must not
        // replay a checkpoint for every interval it skipped.
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await CheckpointAsync(limit, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    public Task CheckpointAsync(long journalSizeLimit, CancellationToken cancellationToken) => database.CheckpointAsync(journalSizeLimit,
        cancellationToken);
}
