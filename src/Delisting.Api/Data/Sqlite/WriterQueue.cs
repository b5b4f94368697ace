using Microsoft.Data.Sqlite;

namespace Delisting.Api.Data.Sqlite;

/// <summary>
/// SQLite lets one connection write at a time. Left to itself, a writer that finds the lock taken polls for it (the
/// driver's busy retry), and so does a checkpoint that must wait for writers: under writers that follow each other
/// without a pause, the checkpoint almost never finds the lock free, and the write-ahead log is never emptied. Every
/// write session of this process and the log checkpoint take their turn here instead: writers in the order they came,
/// a checkpoint before every writer still waiting, so it waits for the writer under way and no longer.
/// </summary>
internal sealed class WriterQueue(TimeSpan patience)
{
    private readonly Lock gate = new();
    private readonly LinkedList<TaskCompletionSource> checkpoints = new();
    private readonly LinkedList<TaskCompletionSource> writers = new();
    private bool taken;

    /// <summary>Writers and checkpoints waiting for their turn (not the one holding it).</summary>
    public int Waiting
    {
        get
        {
            lock (gate) return checkpoints.Count + writers.Count;
        }
    }

    /// <summary>
    /// Waits for the turn to write; a checkpoint (<paramref name="checkpoint"/>) goes before every writer waiting. The
    /// caller must <see cref="Exit"/> once done. A writer that waited longer than the patience gets SQLITE_BUSY, as it
    /// would have from SQLite's own busy timeout (a lock wait of the machine's clock, not of the service's).
    /// </summary>
    public async Task EnterAsync(bool checkpoint, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        LinkedListNode<TaskCompletionSource> node;
        lock (gate)
        {
            if (!taken)
            {
                taken = true;
                return;
            }
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = (checkpoint ? checkpoints : writers).AddLast(waiter);
        }
        try
        {
            await waiter.Task.WaitAsync(patience, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            lock (gate)
            {
                // The turn may have been handed over between the time-out and this lock: pass it on.
                if (waiter.Task.IsCompletedSuccessfully) ExitLocked();
                else node.List?.Remove(node);
            }
            if (exception is TimeoutException)
            {
                throw new SqliteException($"database is locked: no turn to write within {patience.TotalSeconds:0} s", 5);
            }
            throw;
        }
    }

    /// <summary>Ends the turn: the first checkpoint waiting gets it, else the first writer, else it is free.</summary>
    public void Exit()
    {
        lock (gate) ExitLocked();
    }

    private void ExitLocked()
    {
        var next = checkpoints.First ?? writers.First;
        if (next is null)
        {
            taken = false;
            return;
        }
        next.List!.Remove(next);
        next.Value.SetResult();
    }
}
