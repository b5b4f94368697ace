using System.Collections.Concurrent;

namespace Delisting.Api.Admission;

/// <summary>
/// The segments of bulk bodies, reused while bodies are arriving: one refused half-way hands its segments to those still
/// being read instead of leaving them to the collector, which would free them only at its next full collection (the
/// segments are large objects). Segments are kept only while some body is being read, at most what admission lets in
/// at once; once the last arrives the pool empties, so the bodies' memory is not kept beside the work on them.
/// </summary>
public sealed class SegmentPool(long maxBytes)
{
    private readonly ConcurrentStack<byte[]> free = new();
    private readonly int maxSegments = (int)Math.Clamp(maxBytes / PooledBody.SegmentSize + 1, 1, int.MaxValue);
    private int count;
    private int readers;

    public int Count => Volatile.Read(ref count);

    public byte[] Rent()
    {
        if (!free.TryPop(out var segment)) return GC.AllocateUninitializedArray<byte>(PooledBody.SegmentSize);
        Interlocked.Decrement(ref count);
        return segment;
    }

    /// <summary>A body starts arriving: segments returned meanwhile are kept for it.</summary>
    public void BeginReading() => Interlocked.Increment(ref readers);

    /// <summary>A body has arrived (or was refused, its segments returned first); the last one empties the pool.</summary>
    public void EndReading()
    {
        if (Interlocked.Decrement(ref readers) == 0) Clear();
    }

    public void Return(byte[] segment)
    {
        if (segment.Length != PooledBody.SegmentSize || Volatile.Read(ref readers) == 0) return;
        if (Interlocked.Increment(ref count) <= maxSegments)
        {
            free.Push(segment);
            return;
        }
        Interlocked.Decrement(ref count);
    }

    public void Clear()
    {
        while (free.TryPop(out _)) Interlocked.Decrement(ref count);
    }
}
