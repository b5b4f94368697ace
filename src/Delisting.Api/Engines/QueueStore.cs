using Delisting.Api.Data;
using Delisting.Api.Domain;

namespace Delisting.Api.Engines;

/// <summary>An engine's work queue: its items oldest first, in one status or in all.</summary>
public sealed class QueueStore(Database database)
{
    // An engine's queue in one status, oldest first: a range of the (engine, status, notice) index. Lapsed items
    // have left the queue: the order no longer binds them.
    private const string SelectQueueByStatus = $"""
        SELECT {ItemRow.Columns}
        FROM items i JOIN notices n ON n.seq = i.notice_seq
        WHERE i.engine_id = @Engine AND i.status = @Status AND i.notice_seq > @After
          AND NOT ({ItemSql.IsLapsed})
        ORDER BY i.notice_seq
        """;

    /// <summary>
    /// One page of the queue after the notice sequence <paramref name="after"/>. Without a status, the page is
    /// merged from one range per status, all read in one snapshot: an item that changes status meanwhile is in
    /// the page once, in the status it had. Each range costs the same at any table size.
    /// </summary>
    public async Task<(IReadOnlyList<ItemRow> Items, long? Next)> PageAsync(string engine, string? status, long after, int limit, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var session = await database.SnapshotAsync(cancellationToken);
        var rows = new List<ItemRow>();
        var more = false;
        foreach (var wanted in status is null ? ItemStatus.All : [status])
        {
            var (range, rangeMore) = await session.QueryPageAsync<ItemRow>(SelectQueueByStatus, new { Engine = engine, Status = wanted, After = after, Now = now }, limit);
            rows.AddRange(range);
            more |= rangeMore;
        }
        if (status is not null) return (rows, more ? rows[^1].NoticeSeq : null);

        rows.Sort((a, b) => a.NoticeSeq.CompareTo(b.NoticeSeq));
        more |= rows.Count > limit;
        if (rows.Count > limit) rows.RemoveRange(limit, rows.Count - limit);
        return (rows, more && rows.Count > 0 ? rows[^1].NoticeSeq : null);
    }
}
