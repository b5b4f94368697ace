using System.Globalization;

namespace Delisting.Api.Requests;

/// <summary>Where a page of a request's items ended: the URL's position in the request and the engine.</summary>
public sealed record RequestItemsCursor(long Position, string Engine)
{
    public override string ToString() => $"{Position.ToString(CultureInfo.InvariantCulture)}:{Engine}";

    public static bool TryParse(string text, out RequestItemsCursor? cursor)
    {
        cursor = null;
        var colon = text.IndexOf(':');
        if (colon < 1 || !long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var position)) return false;
        cursor = new RequestItemsCursor(position, text[(colon + 1)..]);
        return true;
    }
}
