using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Delisting.Api.Http;

/// <summary>
/// Serializes a value to a string as <see cref="JsonSerializer.Serialize{TValue}(TValue, JsonSerializerOptions?)"/> does,
/// byte for byte, but through small pooled segments instead of one growing buffer. The serializer's own buffer doubles
/// from the shared pool (for a 20 MB answer: 16 KiB … 16 MiB, 32 MiB), and the pool keeps one array of each size per
/// thread that returned it, so every large answer written on another thread left tens of megabytes behind for good.
/// </summary>
public static class SegmentedJson
{
    public static string Serialize<T>(T value, JsonSerializerOptions options)
    {
        using var buffer = new SegmentWriter();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Encoder = options.Encoder,
            Indented = options.WriteIndented,
            IndentCharacter = options.IndentCharacter,
            IndentSize = options.IndentSize,
            NewLine = options.NewLine,
            MaxDepth = options.MaxDepth,
        }))
        {
            JsonSerializer.Serialize(writer, value, options);
        }
        return buffer.ToUtf16();
    }

    /// <summary>An IBufferWriter over pooled segments of 64 KiB (larger only for a single write that needs it).</summary>
    private sealed class SegmentWriter : IBufferWriter<byte>, IDisposable
    {
        private const int SegmentSize = 64 * 1024;
        private readonly List<(byte[] Array, int Used)> segments = [];

        public void Advance(int count)
        {
            var (array, used) = segments[^1];
            if (count < 0 || used + count > array.Length) throw new ArgumentOutOfRangeException(nameof(count));
            segments[^1] = (array, used + count);
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            var needed = Math.Max(sizeHint, 1);
            if (segments.Count == 0 || segments[^1].Array.Length - segments[^1].Used < needed)
            {
                segments.Add((ArrayPool<byte>.Shared.Rent(Math.Max(needed, SegmentSize)), 0));
            }
            var (array, used) = segments[^1];
            return array.AsMemory(used);
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public string ToUtf16()
        {
            var decoder = Encoding.UTF8.GetDecoder();
            var length = 0;
            for (var i = 0; i < segments.Count; i++)
            {
                length += decoder.GetCharCount(segments[i].Array.AsSpan(0, segments[i].Used), flush: i == segments.Count - 1);
            }
            decoder.Reset();
            return string.Create(length, (segments, decoder), static (chars, state) =>
            {
                var (parts, utf8) = state;
                for (var i = 0; i < parts.Count; i++)
                {
                    var written = utf8.GetChars(parts[i].Array.AsSpan(0, parts[i].Used), chars, flush: i == parts.Count - 1);
                    chars = chars[written..];
                }
            });
        }

        public void Dispose()
        {
            foreach (var (array, _) in segments) ArrayPool<byte>.Shared.Return(array);
            segments.Clear();
        }
    }
}
