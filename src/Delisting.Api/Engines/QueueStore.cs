using Delisting.Api.Data;
using Delisting.Api.Domain;

namespace Delisting.Api.Engines;

/// <summary>An engine's work queue: its items by due instant, then creation order, in one status or in all.</summary>
public sealed class QueueStore(Database database)
{
    // An engine's queue in one status after a cursor: a range of the (engine, status, due_at, notice) index, read in
    // the index's order (no sort). The redundant `due_at >= @AfterDue` is the range's start; the OR only skips the
    // items of that one instant already read. Lapsed items have left the queue: the order no longer binds them.
    private const string SelectQueueByStatus = $"""
        SELECT {ItemRow.Columns}, i.due_at
        FROM items i JOIN notices n ON n.seq = i.notice_seq
        WHERE i.engine_id = @Engine AND i.status = @Status
          AND i.due_at >= @AfterDue AND (i.due_at > @AfterDue OR i.notice_seq > @AfterSeq)
          AND NOT ({ItemSql.IsLapsed})
        ORDER BY i.due_at, i.notice_seq
        """;

    /// <summary>
    /// One page of the queue after <paramref name="after"/>. Without a status, the page is merged from one range
    /// per status, all read in one snapshot: an item that changes status meanwhile is in the page once, in the
    /// status it had. Each range costs the same at any table size.
    /// </summary>
    public async Task<(IReadOnlyList<ItemRow> Items, QueueCursor? Next)> PageAsync(string engine, string? status, QueueCursor after, int limit,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = await database.SnapshotAsync(cancellationToken);
        var rows = new List<ItemRow>();
        var more = false;
        foreach (var wanted in status is null ? ItemStatus.All : [status])
        {
            var (range, rangeMore) = await session.QueryPageAsync<ItemRow>(SelectQueueByStatus,
                new { Engine = engine, Status = wanted, AfterDue = after.DueAt, AfterSeq = after.NoticeSeq, Now = now }, limit);
            rows.AddRange(range);
            more |= rangeMore;
        }
        if (status is null)
        {
            rows.Sort(static (a, b) => a.DueAt != b.DueAt ? a.DueAt.CompareTo(b.DueAt) : a.NoticeSeq.CompareTo(b.NoticeSeq));
            more |= rows.Count > limit;
            if (rows.Count > limit) rows.RemoveRange(limit, rows.Count - limit);
        }
        return (rows, more && rows.Count > 0 ? new QueueCursor(rows[^1].DueAt, rows[^1].NoticeSeq) : null);
    }
}
