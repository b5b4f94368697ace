using System.Buffers;

namespace Delisting.Api.Admission;

/// <summary>
/// Bytes held in fixed-size segments rented from a pool (admission's, or the shared one): a request body read whole without the copies of a
/// growing array (a MemoryStream doubles its buffer, so a 20 MB body passes through 32 MB of buffers and keeps the
/// last), nor one block of its whole size. The segments go back to the pool when it is disposed.
/// </summary>
public sealed class PooledBody(SegmentPool? pool = null) : IDisposable
{
    /// <summary>
    /// Above the large object heap's threshold (85,000 bytes): a body lives for its whole request, and segments on the
    /// ordinary heap would be copied from generation to generation as they survive, each copy leaving memory behind.
    /// </summary>
    public const int SegmentSize = 128 * 1024;

    private readonly List<byte[]> segments = [];
    private int lastUsed = SegmentSize;

    public long Length { get; private set; }

    /// <summary>The body of a request whose admission already read it, or null.</summary>
    public static PooledBody? Of(HttpContext context) => context.Features.Get<PooledBody>();

    /// <summary>Room for the next bytes: the rest of the last segment, or a new one.</summary>
    public Memory<byte> Reserve()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (lastUsed == SegmentSize)
        {
            segments.Add(pool?.Rent() ?? ArrayPool<byte>.Shared.Rent(SegmentSize));
            lastUsed = 0;
        }
        return segments[^1].AsMemory(lastUsed, SegmentSize - lastUsed);
    }

    /// <summary>Counts bytes written into what <see cref="Reserve"/> returned.</summary>
    public void Advance(int count)
    {
        if (count < 0 || lastUsed + count > SegmentSize) throw new ArgumentOutOfRangeException(nameof(count));
        lastUsed += count;
        Length += count;
    }

    /// <summary>Appends bytes, returning where they start.</summary>
    public long Append(ReadOnlySpan<byte> bytes)
    {
        var start = Length;
        while (!bytes.IsEmpty)
        {
            var room = Reserve().Span;
            var count = Math.Min(room.Length, bytes.Length);
            bytes[..count].CopyTo(room);
            Advance(count);
            bytes = bytes[count..];
        }
        return start;
    }

    /// <summary>Copies <paramref name="destination"/>.Length bytes from <paramref name="start"/>.</summary>
    public void CopyTo(long start, Span<byte> destination)
    {
        if (start < 0 || start + destination.Length > Length) throw new ArgumentOutOfRangeException(nameof(start));
        while (!destination.IsEmpty)
        {
            var offset = (int)(start % SegmentSize);
            var count = Math.Min(SegmentSize - offset, destination.Length);
            segments[(int)(start / SegmentSize)].AsSpan(offset, count).CopyTo(destination);
            destination = destination[count..];
            start += count;
        }
    }

    /// <summary>The bytes as one sequence over the segments (valid until disposed).</summary>
    public ReadOnlySequence<byte> Sequence()
    {
        if (segments.Count == 0) return ReadOnlySequence<byte>.Empty;
        var first = new Segment(segments[0].AsMemory(0, segments.Count == 1 ? lastUsed : SegmentSize), 0);
        var last = first;
        for (var i = 1; i < segments.Count; i++)
        {
            last = last.Append(segments[i].AsMemory(0, i == segments.Count - 1 ? lastUsed : SegmentSize));
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>A read-only stream over the bytes, for readers that take a stream.</summary>
    public Stream AsStream() => new ReadOnlySequenceStream(Sequence());

    private bool disposed;

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var segment in segments)
        {
            if (pool is null) ArrayPool<byte>.Shared.Return(segment);
            else pool.Return(segment);
        }
        segments.Clear();
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    private sealed class ReadOnlySequenceStream(ReadOnlySequence<byte> sequence) : Stream
    {
        private SequencePosition position = sequence.Start;
        private long read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => sequence.Length;
        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var rest = sequence.Slice(position);
            var count = (int)Math.Min(rest.Length, buffer.Length);
            rest.Slice(0, count).CopyTo(buffer);
            position = sequence.GetPosition(count, position);
            read += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
