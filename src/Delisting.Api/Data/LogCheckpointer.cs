using System.Data.Common;

namespace Delisting.Api.Data;

/// <summary>
/// Keeps the database's log bounded under sustained load (docs/wal.md): it checkpoints (<see cref="Database.CheckpointAsync"/>)
/// every `Database:WalCheckpointSeconds` (default 10; 0 turns it off), and at once when a writer leaves the log larger
/// than `Database:JournalSizeLimitBytes` (<see cref="Database.CheckpointDue"/>). On SQLite the checkpoint takes its turn
/// in the writers' queue ahead of every writer waiting, so writers that follow each other cannot starve it; SQL Server
/// manages its log itself.
/// </summary>
public sealed class LogCheckpointer(Database database, IConfiguration configuration, TimeProvider time, ILogger<LogCheckpointer> logger)
    : BackgroundService
{
    /// <summary>The default of `Database:JournalSizeLimitBytes`.</summary>
    public const long DefaultJournalSizeLimitBytes = Database.DefaultJournalSizeLimitBytes;

    private TaskCompletionSource due = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long completed;

    /// <summary>What the last checkpoint did; null before the first.</summary>
    public LogCheckpoint? Last { get; private set; }

    /// <summary>How many checkpoints have run to their end (whether or not they emptied the log).</summary>
    public long Completed => Interlocked.Read(ref completed);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(configuration.GetValue("Database:WalCheckpointSeconds", 10));
        if (interval <= TimeSpan.Zero) return;
        database.CheckpointDue += Wake;
        try
        {
            var heedSize = true;
            while (!stoppingToken.IsCancellationRequested)
            {
                var wakeUp = Volatile.Read(ref due).Task;
                using (var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    // One delay at a time, of the service's clock: a clock moved forward (in tests, a year at a time) gives
                    // one checkpoint, not one for every interval it skipped.
                    var delay = Task.Delay(interval, time, tick.Token);
                    // Yielding: the checkpoint must not run on the thread that fired the timer (or that moved the clock).
                    await (heedSize ? Task.WhenAny(delay, wakeUp) : delay).ConfigureAwait(ConfigureAwaitOptions.ForceYielding |
                        ConfigureAwaitOptions.SuppressThrowing);
                    await tick.CancelAsync();
                }
                stoppingToken.ThrowIfCancellationRequested();
                // Wakes that come while this checkpoint runs ask for the next one.
                if (wakeUp.IsCompleted) Volatile.Write(ref due, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                // A checkpoint that a reader kept from emptying the log is not retried on every write until the next
                // interval: each attempt makes writers wait while it waits for readers.
                heedSize = (await CheckpointAsync(stoppingToken)).Complete;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            database.CheckpointDue -= Wake;
        }
    }

    /// <summary>Checkpoints now (in the writers' queue, ahead of every writer waiting) and records what it did.</summary>
    public async Task<LogCheckpoint> CheckpointAsync(CancellationToken cancellationToken)
    {
        LogCheckpoint result;
        try
        {
            result = await database.CheckpointAsync(cancellationToken);
            if (!result.Complete) logger.LogDebug("Log checkpoint left {Pages} pages in the log; retrying later", result.LogPages);
        }
        catch (DbException exception)
        {
            logger.LogWarning(exception, "Log checkpoint failed; retrying later");
            result = LogCheckpoint.Failed;
        }
        Last = result;
        Interlocked.Increment(ref completed);
        return result;
    }

    private void Wake() => Volatile.Read(ref due).TrySetResult();
}
