using System.Security.Cryptography;

namespace Delisting.Api.Http;

/// <summary>
/// Opaque, unguessable identifiers: a short type prefix, a 48-bit millisecond timestamp and 80 random bits.
/// The time prefix keeps inserts at the right-hand edge of the unique indexes on ids (random ids touched a
/// random page of each index per row, which slows every insert as the table grows); the 80 random bits
/// keep ids impossible to guess.
/// </summary>
public static class Ids
{
    private const int RandomBytes = 10;

    // Random bytes drawn from the OS generator 4 KiB at a time: a 10,000-URL request needs 50,000 ids.
    [ThreadStatic] private static byte[]? pool;
    [ThreadStatic] private static int used;

    public static string New(string prefix)
    {
        Span<byte> bytes = stackalloc byte[6 + RandomBytes];
        var milliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)milliseconds;
            milliseconds >>= 8;
        }
        if (pool is null || used + RandomBytes > pool.Length)
        {
            pool ??= new byte[4096];
            RandomNumberGenerator.Fill(pool);
            used = 0;
        }
        pool.AsSpan(used, RandomBytes).CopyTo(bytes[6..]);
        // Each pooled byte is handed out once.
        pool.AsSpan(used, RandomBytes).Clear();
        used += RandomBytes;
        return prefix + "_" + Convert.ToHexStringLower(bytes);
    }
}
