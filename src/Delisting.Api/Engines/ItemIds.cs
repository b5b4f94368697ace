namespace Delisting.Api.Engines;

/// <summary>
/// An item's public id is derived from its notice's id and its engine, so items need no id of their own in the
/// database: <c>itm_&lt;the notice id without its prefix&gt;_&lt;engine&gt;</c>. The notice id carries 80 random
/// bits, so item ids are as hard to guess. This is the only id an item has.
/// </summary>
public static class ItemIds
{
    private const string ItemPrefix = "itm_";
    private const string NoticePrefix = "ntc_";
    private const int NoticeBodyLength = 32;

    /// <summary>
    /// <see cref="Of"/> in SQL, for statements that write the ids of many items at once: `n` is the notices table and
    /// `m` a table with the item's engine_id (the body is the 32 characters after the notice prefix).
    /// </summary>
    public const string OfSql = $"CONCAT('{ItemPrefix}', SUBSTRING(n.id, 5, 32), '_', m.engine_id)";

    public static string Of(string noticeId, string engineId) =>
        noticeId.StartsWith(NoticePrefix, StringComparison.Ordinal)
            ? string.Concat(ItemPrefix, noticeId.AsSpan(NoticePrefix.Length), "_", engineId)
            : throw new ArgumentException($"'{noticeId}' is not a notice id.", nameof(noticeId));

    /// <summary>Splits a derived id into its notice id and engine; false for anything else (a typo, garbage).</summary>
    public static bool TryParse(string id, out string noticeId, out string engineId)
    {
        noticeId = engineId = "";
        var bodyEnd = ItemPrefix.Length + NoticeBodyLength;
        if (id.Length < bodyEnd + 2 || !id.StartsWith(ItemPrefix, StringComparison.Ordinal) || id[bodyEnd] != '_') return false;
        var body = id.AsSpan(ItemPrefix.Length, NoticeBodyLength);
        foreach (var c in body)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))) return false;
        }
        var engine = id.AsSpan(bodyEnd + 1);
        foreach (var c in engine)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')) return false;
        }
        noticeId = string.Concat(NoticePrefix, body);
        engineId = engine.ToString();
        return true;
    }
}
