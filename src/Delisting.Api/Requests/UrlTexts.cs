using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Delisting.Api.Requests;

/// <summary>
/// The normalized URLs of one submission as UTF-8 in blocks of 128 KiB, each made a string only when read (to be
/// stored, answered, or matched with a capture). As strings, 10,000 URLs of 2,000 characters take 40 MB of small
/// objects that live as long as the request, which the collector copies from generation to generation; here they take
/// 20 MB in a few blocks on the large object heap, which it never copies.
/// </summary>
public sealed class UrlTexts
{
    private const int BlockSize = 128 * 1024;

    private readonly List<byte[]> blocks = [];
    private readonly List<(int Block, int Offset, int Length)> entries = [];
    private int used = BlockSize;

    public int Count => entries.Count;

    public string this[int index]
    {
        get
        {
            var (block, offset, length) = entries[index];
            return Encoding.UTF8.GetString(blocks[block], offset, length);
        }
    }

    /// <summary>The SHA-256 of a URL's UTF-8 text (the notice key under a ruling), without a copy of the text.</summary>
    public static byte[] HashOf(string url)
    {
        var length = Encoding.UTF8.GetByteCount(url);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            return SHA256.HashData(rented.AsSpan(0, Encoding.UTF8.GetBytes(url, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Keeps a URL; returns its index.</summary>
    public int Add(string url)
    {
        var length = Encoding.UTF8.GetByteCount(url);
        if (length > BlockSize - used)
        {
            blocks.Add(new byte[Math.Max(length, BlockSize)]);
            used = 0;
        }
        var written = Encoding.UTF8.GetBytes(url, blocks[^1].AsSpan(used));
        entries.Add((blocks.Count - 1, used, written));
        used += written;
        return entries.Count - 1;
    }
}
