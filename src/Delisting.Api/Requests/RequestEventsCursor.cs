using System.Globalization;

namespace Delisting.Api.Requests;

/// <summary>
/// Where a page of a request's events ended. A stored event is its sequence number alone; an event derived from a
/// claim move (see <see cref="Withdrawals.MoveEvents"/>) also names the move within its anchor: the notice and the
/// engine. Cursors of the single-number form, issued before events were derived, still read.
/// </summary>
public sealed record RequestEventsCursor(long Seq, long Notice, string Engine)
{
    /// <summary>Derived events sort after their anchor's other rows by (notice, engine); a stored event's own key is lower than any.</summary>
    public const long StoredNotice = -1;

    public override string ToString() => Notice == StoredNotice
        ? Seq.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Seq}:{Notice}:{Engine}");

    /// <summary>Reads a cursor this API returned: `seq` after a stored event, `seq:notice:engine` after a derived one.</summary>
    public static bool TryParse(string text, out RequestEventsCursor? cursor)
    {
        cursor = null;
        var parts = text.Split(':');
        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)) return false;
        if (parts.Length == 1)
        {
            // After a stored event: nothing else shares its sequence number.
            cursor = new RequestEventsCursor(seq, long.MaxValue, "");
            return true;
        }
        if (parts.Length != 3 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture,
            out var notice) || parts[2].Length == 0) return false;
        cursor = new RequestEventsCursor(seq, notice, parts[2]);
        return true;
    }
}
