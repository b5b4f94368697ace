using System.Buffers.Text;
using System.Text;

namespace Delisting.Api.Http;

/// <summary>Keyset paging: `limit` 1..1000 (default 100) and an opaque `after` cursor.</summary>
public static class Paging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static string Encode(string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(position));

    public static string Encode(long position) => Encode(position.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Checks limit and cursor; on failure returns the 400 problem to send.</summary>
    public static bool TryRead(int? limit, string? after, out int take, out string? position, out Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? problem)
    {
        take = limit ?? DefaultLimit;
        position = null;
        problem = null;
        if (take is < 1 or > MaxLimit)
        {
            problem = Problems.BadRequest($"limit must be between 1 and {MaxLimit}; got {take}.");
            return false;
        }
        if (after is null) return true;
        try
        {
            position = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(after));
            if (position.Length == 0 || position.Length > 200) throw new FormatException();
            return true;
        }
        catch (FormatException)
        {
            problem = NotACursor();
            return false;
        }
    }

    /// <summary>The 400 for an `after` this API did not return (or that does not fit the collection it is used on).</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotACursor() =>
        Problems.BadRequest("after is not a cursor this API returned; use the `next` value of the previous page.");

    public static bool TryReadNumeric(int? limit, string? after, out int take, out long afterSeq, out Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? problem)
    {
        afterSeq = 0;
        if (!TryRead(limit, after, out take, out var position, out problem)) return false;
        if (position is null) return true;
        if (long.TryParse(position, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out afterSeq)) return true;
        problem = NotACursor();
        return false;
    }
}

/// <summary>One page of a collection, in the collection's order.</summary>
/// <param name="Items">Up to `limit` entries.</param>
/// <param name="Next">Cursor of the next page: pass it as `after` to continue; null on the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);
