using Microsoft.AspNetCore.Http.HttpResults;

namespace Delisting.Api.Http;

/// <summary>Keyset paging: `limit` 1..1000 (default 100) and an opaque `after` cursor (see <see cref="Cursors"/>).</summary>
public static class Paging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Checks the limit; on failure returns the 400 problem to send.</summary>
    public static bool TryReadLimit(int? limit, out int take, out ProblemHttpResult? problem)
    {
        take = limit ?? DefaultLimit;
        problem = take is < 1 or > MaxLimit ? Problems.BadRequest($"limit must be between 1 and {MaxLimit}; got {take}.") : null;
        return problem is null;
    }

    /// <summary>The 400 for an `after` this API did not return (or that does not fit the collection it is used on).</summary>
    public static ProblemHttpResult NotACursor() =>
        Problems.BadRequest("after is not a cursor this API returned; use the `next` value of the previous page.");
}

/// <summary>One page of a collection, in the collection's order.</summary>
/// <param name="Items">Up to `limit` entries.</param>
/// <param name="Next">Cursor of the next page: pass it as `after` to continue; null on the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);
