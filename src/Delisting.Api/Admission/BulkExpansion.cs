namespace Delisting.Api.Admission;

/// <summary>
/// Bounds the bulk bodies being worked on at once. A body admitted by <see cref="BulkAdmission"/> is held as its bytes;
/// worked on, it grows several times over (its URLs as strings, normalized, stored, and the answer serialized), and the
/// database takes its writes one at a time anyway. So bodies take turns: while bodies of
/// `Admission:MaxExpandingBytes` (default the largest body, 24 MiB) are being worked on, the next waits for room, in
/// the order they arrived; a body alone always starts. Admitted bodies therefore cost their size while they wait and
/// the growth of one large body (or of several small ones) at a time.
/// </summary>
public sealed class BulkExpansion(IConfiguration configuration)
{
    public const long DefaultMaxExpandingBytes = 24L * 1024 * 1024;

    /// <summary>A body at least this large is collected after when its work ends.</summary>
    public const long CollectAfterBytes = 4L * 1024 * 1024;

    private readonly object gate = new();
    private readonly LinkedList<(long Bytes, TaskCompletionSource Turn)> waiting = new();
    private long expanding;

    public long MaxExpandingBytes { get; } = configuration.GetValue("Admission:MaxExpandingBytes", DefaultMaxExpandingBytes);

    public long ExpandingBytes
    {
        get { lock (gate) return expanding; }
    }

    public int Waiting
    {
        get { lock (gate) return waiting.Count; }
    }

    /// <summary>Waits for room to work on a body of <paramref name="bytes"/>; dispose the turn when done with it.</summary>
    public async ValueTask<Turn> EnterAsync(long bytes, CancellationToken cancellationToken)
    {
        LinkedListNode<(long Bytes, TaskCompletionSource Turn)> node;
        lock (gate)
        {
            if (waiting.Count == 0 && Fits(bytes))
            {
                expanding += bytes;
                return new Turn(this, bytes);
            }
            node = waiting.AddLast((bytes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }
        try
        {
            await node.Value.Turn.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (gate)
            {
                if (node.List is not null)
                {
                    waiting.Remove(node);
                    throw;
                }
            }
            // The turn came as the wait was cancelled: give it to the next.
            Exit(bytes);
            throw;
        }
        return new Turn(this, bytes);
    }

    private bool Fits(long bytes) => expanding == 0 || MaxExpandingBytes <= 0 || expanding + bytes <= MaxExpandingBytes;

    private void Exit(long bytes)
    {
        List<TaskCompletionSource> granted = [];
        lock (gate)
        {
            expanding -= bytes;
            while (waiting.First is { } first && Fits(first.Value.Bytes))
            {
                waiting.RemoveFirst();
                expanding += first.Value.Bytes;
                granted.Add(first.Value.Turn);
            }
        }
        foreach (var turn in granted) turn.TrySetResult();
    }

    /// <summary>A body's turn: ends when disposed.</summary>
    public sealed class Turn(BulkExpansion expansion, long bytes) : IDisposable
    {
        private int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) != 0) return;
            // What a large body grew into lived as long as its work did, so it sits in the oldest generation, which the
            // collector leaves until that generation has grown again by as much: the next body's work would be added
            // on top. It is collected before the next body starts.
            if (bytes >= CollectAfterBytes) GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
            expansion.Exit(bytes);
        }
    }
}
