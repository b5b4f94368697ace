using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Delisting.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Delisting.Api.Http;

/// <summary>
/// The one encoder of paging cursors: a position (whatever the collection keys on) and an HMAC-SHA256 tag over it, in
/// unpadded base64url. A cursor this service did not issue (made up, altered, padded, with spaces) is a 400, never a
/// page. The key comes from `Cursors:Key` when configured, else from a random key the service writes to its database
/// at first start-up, so cursors stay good across restarts and between instances.
/// </summary>
public sealed class Cursors(IConfiguration configuration, Database database)
{
    private const int TagLength = 16;
    private const string KeyName = "cursor-key";

    /// <summary>The cursor key if the database holds one already.</summary>
    private const string SelectKey = "SELECT value FROM service_secrets WHERE name = @Name";

    private byte[]? key;

    private byte[] Key => key ?? throw new InvalidOperationException("Cursors.LoadKeyAsync runs at start-up, before any request.");

    /// <summary>Reads (or makes, once for every instance) the key; called by start-up before the first request.</summary>
    public async Task LoadKeyAsync(CancellationToken cancellationToken)
    {
        if (configuration["Cursors:Key"] is { Length: > 0 } configured)
        {
            key = SHA256.HashData(Encoding.UTF8.GetBytes("delisting-cursors:" + configured));
            return;
        }
        await using var session = await database.OpenAsync(cancellationToken);
        var insert = database.InsertIfAbsent("service_secrets", ["name", "value"], ["name"]);
        await session.ExecuteAsync(insert, new { Name = KeyName, Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        key = Convert.FromBase64String(await session.ScalarAsync<string>(SelectKey, new { Name = KeyName }));
    }

    public string Encode(string position)
    {
        var payload = Encoding.UTF8.GetBytes(position);
        return Base64Url.EncodeToString([.. payload, .. Tag(payload)]);
    }

    public string Encode(long position) => Encode(position.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Checks limit and cursor; on failure returns the 400 problem to send.</summary>
    public bool TryRead(int? limit, string? after, out int take, out string? position, out ProblemHttpResult? problem)
    {
        position = null;
        if (!Paging.TryReadLimit(limit, out take, out problem)) return false;
        if (after is null) return true;
        position = Decode(after);
        if (position is not null) return true;
        problem = Paging.NotACursor();
        return false;
    }

    public bool TryReadNumeric(int? limit, string? after, out int take, out long afterSeq, out ProblemHttpResult? problem)
    {
        afterSeq = 0;
        if (!TryRead(limit, after, out take, out var position, out problem)) return false;
        if (position is null) return true;
        if (long.TryParse(position, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out afterSeq))
        {
            return true;
        }
        problem = Paging.NotACursor();
        return false;
    }

    /// <summary>The position a cursor of ours carries, or null for anything else.</summary>
    private string? Decode(string cursor)
    {
        // Only the characters Encode writes: the decoder would skip spaces and accept padding.
        if (cursor.Length is 0 or > 400 || !cursor.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return null;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(cursor);
        }
        catch (FormatException)
        {
            return null;
        }
        if (bytes.Length <= TagLength || Base64Url.EncodeToString(bytes) != cursor) return null;
        var payload = bytes[..^TagLength];
        if (!CryptographicOperations.FixedTimeEquals(Tag(payload), bytes[^TagLength..])) return null;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payload);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private byte[] Tag(byte[] payload) => HMACSHA256.HashData(Key, payload)[..TagLength];
}
