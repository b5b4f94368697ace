using System.Globalization;
using Delisting.Api.Data;
using Delisting.Api.Http;

namespace Delisting.Api.Engines;

/// <summary>
/// A place in an engine's queue: the due instant and notice of the last item read. The queue is ordered by due
/// instant, then by notice (creation order), so the next page starts strictly after this pair. An item keeps its
/// due instant through status changes, so a reader meets it once; only new work (relisting requested, claimed
/// again) moves it to its new place.
/// </summary>
public readonly record struct QueueCursor(DateTimeOffset DueAt, long NoticeSeq)
{
    /// <summary>The place before the first item.</summary>
    public static readonly QueueCursor Start = new(DateTimeOffset.MinValue, 0);

    /// <summary>The position an `after` cursor carries (signed by <see cref="Cursors"/>).</summary>
    public override string ToString() => $"{ValueEncoding.FormatInstant(DueAt)}|{NoticeSeq.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads the position inside an `after` cursor (already checked and decoded by <see cref="Cursors.TryRead"/>).</summary>
    public static bool TryParse(string? position, out QueueCursor cursor)
    {
        cursor = Start;
        if (position is null) return true;
        var bar = position.IndexOf('|', StringComparison.Ordinal);
        if (bar < 0) return false;
        if (!DateTimeOffset.TryParseExact(position[..bar], "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var due)) return false;
        if (!long.TryParse(position.AsSpan(bar + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)) return false;
        cursor = new QueueCursor(due, seq);
        return true;
    }
}
