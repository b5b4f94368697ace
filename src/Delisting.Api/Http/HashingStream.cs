using System.Security.Cryptography;
using System.Text.Json;

namespace Delisting.Api.Http;

/// <summary>
/// A write-only stream that hashes what is written to it: the SHA-256 of a value's JSON without holding the JSON
/// (20 MB for a full request) in memory.
/// </summary>
public sealed class HashingStream : Stream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public static async Task<byte[]> Sha256OfAsync<T>(T value, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        await using var stream = new HashingStream();
        // The asynchronous serializer flushes as it goes, so only a small buffer of the JSON exists at any time.
        await JsonSerializer.SerializeAsync(stream, value, options, cancellationToken);
        return stream.hash.GetHashAndReset();
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        hash.AppendData(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);
    public override void Write(ReadOnlySpan<byte> buffer) => hash.AppendData(buffer);

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) hash.Dispose();
        base.Dispose(disposing);
    }
}
