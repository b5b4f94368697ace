using System.Data.Common;
using Delisting.Api.Data;
using Delisting.Api.Engines;

namespace Delisting.Api.Withdrawals;

/// <summary>
/// The items of a batch's staged notices as they now stand: the answer of a withdrawal, 40,000 items for 10,000 URLs.
/// Only the items' own columns are read (the caller has its notices'), and they are read by position: mapped by name,
/// each column of 40,000 rows costs more than the read itself.
/// </summary>
public static class StagedItems
{
    // In the order of the call's URLs, then by engine. `changed` tells when the item last changed: with its notice (0, never
    // reported on or moved), in this call (1, moved now) or at updated_at (2), read only then; `noted` whether the engine
    // said anything (most items have neither a reason nor a reference: their three columns are then not read).
    private const string Select = """
        SELECT i.notice_seq, i.engine_id, i.status,
               CASE WHEN i.updated_at IS NULL THEN 0 WHEN i.updated_at = @Now THEN 1 ELSE 2 END AS changed, i.updated_at,
               CASE WHEN i.reason_code IS NULL AND i.reason IS NULL AND i.engine_reference IS NULL THEN 0 ELSE 1 END AS noted,
               i.reason_code, i.reason, i.engine_reference
        FROM claim_notices s JOIN items i ON i.notice_seq = s.notice_seq
        WHERE s.batch_id = @Batch
        ORDER BY s.position, i.engine_id
        """;

    /// <param name="notices">Every staged notice, by sequence number; all under <paramref name="rulingId"/>.</param>
    /// <param name="now">The instant of the call: the items it moved were changed then.</param>
    public static Task<List<ItemRow>> ReadAsync(DbSession session, long batch, string rulingId, IReadOnlyDictionary<long, NoticeFacts> notices,
        DateTimeOffset now)
    {
        // A handful of engines and statuses repeat over every row: each row's copy is dropped at once, one is kept.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        string Kept(string name) => names.TryGetValue(name, out var kept) ? kept : names[name] = name;
        return session.QueryAsync(Select, new { Batch = batch, Now = now }, row =>
        {
            var notice = notices[row.GetInt64(0)];
            var noted = row.GetInt32(5) == 1;
            return new ItemRow
            {
                NoticeSeq = notice.Seq, EngineId = Kept(row.GetString(1)), Url = notice.Url, Site = notice.Site, RulingId = rulingId,
                    NoticeId = notice.Id,
                Status = Kept(row.GetString(2)), Deadline = notice.Deadline,
                ReasonCode = noted ? Text(row, 6) : null, Reason = noted ? Text(row, 7) : null, EngineReference = noted ? Text(row, 8) : null,
                UpdatedAt = row.GetInt32(3) switch { 0 => notice.CreatedAt, 1 => now, _ => ValueEncoding.ReadInstant(row.GetValue(4)) },
                ObligationEndsAt = notice.ObligationEndsAt,
            };
        });
    }

    private static string? Text(DbDataReader row, int column) => row.IsDBNull(column) ? null : row.GetString(column);
}
