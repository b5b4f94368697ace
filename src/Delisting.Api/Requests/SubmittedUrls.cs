using System.Buffers;
using System.Collections;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Delisting.Api.Admission;

namespace Delisting.Api.Requests;

/// <summary>
/// The URLs of a submitted body where the body holds them: each is a place and a length in the body's bytes (UTF-8),
/// and becomes a string only when it is read, one at a time. A URL the client escaped (`\/`, `\u0061`) is unescaped
/// once into bytes of its own. So 10,000 URLs of 2,000 characters cost the 20 MB the body already takes, not 40 MB of
/// strings beside it.
/// </summary>
public sealed class SubmittedUrls : IReadOnlyList<string?>, IDisposable
{
    private const int Null = -1;

    // Start ≥ 0: in the body; start < 0: ~start in the unescaped bytes. Length -1: a JSON null.
    private readonly List<(int Start, int Length)> entries = [];
    private PooledBody? body;
    private long bodyOffset;
    private PooledBody? unescaped;

    public int Count => entries.Count;

    public string? this[int index]
    {
        get
        {
            var (start, length) = entries[index];
            if (length == Null) return null;
            var (source, at) = start >= 0 ? (body!, bodyOffset + start) : (unescaped!, (long)~start);
            if (length <= 1024)
            {
                Span<byte> small = stackalloc byte[length];
                source.CopyTo(at, small);
                return Encoding.UTF8.GetString(small);
            }
            var rented = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                source.CopyTo(at, rented.AsSpan(0, length));
                return Encoding.UTF8.GetString(rented, 0, length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Points the URLs at the body they were read from; <paramref name="offset"/> is where the JSON value starts.</summary>
    public void Attach(PooledBody source, long offset)
    {
        body = source;
        bodyOffset = offset;
    }

    public IEnumerator<string?> GetEnumerator()
    {
        for (var i = 0; i < entries.Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose() => unescaped?.Dispose();

    private void Add(ref Utf8JsonReader reader)
    {
        var length = checked((int)(reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length));
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            if (!Utf8.IsValid(reader.ValueSpan)) throw NotUtf8();
            entries.Add((checked((int)reader.TokenStartIndex + 1), length));
            return;
        }
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = reader.CopyString(rented);
            if (!Utf8.IsValid(rented.AsSpan(0, written))) throw NotUtf8();
            if (!reader.ValueIsEscaped) entries.Add((checked((int)reader.TokenStartIndex + 1), length));
            else entries.Add((~checked((int)(unescaped ??= new PooledBody()).Append(rented.AsSpan(0, written))), written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
        JsonException NotUtf8() => new("A URL is not valid UTF-8.", $"$.urls[{entries.Count}]", null, null);
    }

    /// <summary>Reads `urls` into <see cref="SubmittedUrls"/>; anything but an array of strings and nulls is malformed.</summary>
    public sealed class Converter : JsonConverter<IReadOnlyList<string?>>
    {
        public override IReadOnlyList<string?> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException();
            var urls = new SubmittedUrls();
            try
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.Null) urls.entries.Add((0, Null));
                    else if (reader.TokenType == JsonTokenType.String) urls.Add(ref reader);
                    else throw new JsonException($"urls[{urls.Count}] is not a string.", $"$.urls[{urls.Count}]", null, null);
                }
                return urls;
            }
            catch
            {
                urls.Dispose();
                throw;
            }
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<string?> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var url in value)
            {
                if (url is null) writer.WriteNullValue();
                else writer.WriteStringValue(url);
            }
            writer.WriteEndArray();
        }
    }
}
