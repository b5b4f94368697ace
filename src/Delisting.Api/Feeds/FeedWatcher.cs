using Delisting.Api.Data;

namespace Delisting.Api.Feeds;

/// <summary>
/// Wakes the readers that wait for a feed's next event (long polling). Commits of this process wake them at once;
/// commits of other instances sharing the database are noticed by one cheap query (the newest row's number) per
/// interval and instance, whatever the number of waiting readers.
/// </summary>
public sealed class FeedWatcher : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private const string SelectLatest = "SELECT COALESCE(MAX(seq), 0) FROM changes";

    private readonly Database database;
    private readonly TimeProvider time;
    private TaskCompletionSource changed = NewSignal();
    private long latest = -1;
    private int waiting;

    public FeedWatcher(Database database, TimeProvider time)
    {
        this.database = database;
        this.time = time;
        database.ChangesCommitted += Pulse;
    }

    /// <summary>How many readers are waiting for a change now (a probe for tests, a gauge for operators).</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>Completes at the next change after this call; take it before reading, then wait on it if the read found nothing.</summary>
    public Task NextChange => Volatile.Read(ref changed).Task;

    /// <summary>
    /// Waits for <paramref name="next"/> (from <see cref="NextChange"/>) until <paramref name="timeout"/>; false when it timed out.</summary>
    public async Task<bool> WaitAsync(Task next, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Counted once the timeout is armed on the clock: whoever sees the reader waiting may move the clock past it.
        var waited = next.WaitAsync(timeout, time, cancellationToken);
        Interlocked.Increment(ref waiting);
        try
        {
            await waited;
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }
    }

    private void Pulse() => Interlocked.Exchange(ref changed, NewSignal()).TrySetResult();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
                await using var session = await database.OpenAsync(stoppingToken);
                var seen = await session.ScalarAsync<long>(SelectLatest);
                if (seen != latest && latest >= 0) Pulse();
                latest = seen;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A failed look (database busy, failover) is retried at the next interval; waiting readers time out at worst.
            }
        }
        // Shutting down: waiting readers answer now.
        Pulse();
    }

    public override void Dispose()
    {
        database.ChangesCommitted -= Pulse;
        base.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
