using Delisting.Api.Data;
using Delisting.Api.Domain;
using Delisting.Api.Engines;
using Delisting.Api.Feeds;
using Delisting.Api.Http;

namespace Delisting.Api.Withdrawals;

/// <summary>
/// Claims on notices (a request's URLs) and what their end or their return does to the notices' items, inside a
/// caller's write session. The statuses come from <see cref="ItemStatus"/>'s table; this class only applies them.
/// </summary>
public static class ClaimMoves
{
    // The notices among the given ones that some request, of any organisation, still claims.
    private const string SelectClaimedNotices =
        "SELECT DISTINCT notice_id FROM request_urls WHERE withdrawn_at IS NULL AND notice_id IN @NoticeIds";

    private const string SelectItemsOfNotices = $"""
        SELECT {ItemRow.Columns}
        FROM items i JOIN notices n ON n.seq = i.notice_seq
        WHERE i.notice_seq IN @NoticeSeqs
        """;

    // One engine's items of many notices that make the same move. As in ResponsesStore, the status read earlier is
    // part of the condition: an item a concurrent engine report moved meanwhile is not touched, and the count tells.
    // The engine's reasons stay on the item.
    private const string UpdateWithdrawn = """
        UPDATE items SET status = @To, updated_at = @Now, withdrawn_at = @Now
        WHERE engine_id = @EngineId AND status = @From AND notice_seq IN @NoticeSeqs
        """;

    // Claimed again: the item starts over, so what the engine said about the last claim is cleared.
    private const string UpdateReopened = """
        UPDATE items SET status = @To, updated_at = @Now, withdrawn_at = NULL, reason = NULL, reason_code = NULL
        WHERE engine_id = @EngineId AND status = @From AND notice_seq IN @NoticeSeqs
        """;

    private const string UpdateNoticeDeadline = "UPDATE notices SET deadline = @Deadline WHERE seq = @NoticeSeq";

    private static readonly string[] EventColumns =
        ["id", "type", "at", "key_id", "role", "notice_id", "item_id", "engine_id", "from_status", "to_status", "reason"];

    /// <summary>How often moves are read and tried again after a concurrent engine report (possible on SQL Server only).</summary>
    private const int Attempts = 5;

    public static async Task<HashSet<string>> ClaimedAsync(DbSession session, IEnumerable<string> noticeIds) =>
        (await session.QueryByKeysAsync<string, string>(SelectClaimedNotices, "NoticeIds", noticeIds)).ToHashSet(StringComparer.Ordinal);

    public static Task<List<ItemRow>> ItemsAsync(DbSession session, IEnumerable<long> noticeSeqs) =>
        session.QueryByKeysAsync<ItemRow, long>(SelectItemsOfNotices, "NoticeSeqs", noticeSeqs);

    /// <summary>
    /// Moves the given items as <paramref name="cause"/> (<see cref="ItemStatus.LastClaimEnded"/> or
    /// <see cref="ItemStatus.ClaimedAgain"/>) moves them, writes a status-changed event for each, and returns the
    /// items as they now stand. Claimed again, the notices take <paramref name="deadline"/>.
    /// </summary>
    public static async Task<List<ItemRow>> MoveAsync(DbSession session, IReadOnlyList<ItemRow> items, string cause, Caller caller,
        string? reason, DateTimeOffset now, DateTimeOffset? deadline = null)
    {
        var reopening = cause == ItemStatus.ClaimedAgain;
        if (reopening)
        {
            await session.ExecuteAsync(UpdateNoticeDeadline, items.Select(i => i.NoticeSeq).Distinct().Select(s => new { NoticeSeq = s, Deadline = deadline }));
        }
        var settled = new List<ItemRow>(items.Count);
        var events = new List<object?[]>();
        var moved = new List<(string RulingId, long NoticeSeq, string Engine, string From, string To)>();
        var current = items;
        for (var attempt = 1; current.Count > 0; attempt++)
        {
            var moves = current.Select(i => (Item: i, To: ItemStatus.After(i.Status, cause))).ToList();
            settled.AddRange(moves.Where(m => m.To is null).Select(m => reopening ? m.Item.Moved(m.Item.Status, deadline!.Value, m.Item.UpdatedAt) : m.Item));
            moves.RemoveAll(m => m.To is null);
            var updated = 0;
            foreach (var same in moves.GroupBy(m => (m.Item.EngineId, From: m.Item.Status, To: m.To!)))
            {
                updated += await session.ExecuteByKeysAsync(reopening ? UpdateReopened : UpdateWithdrawn, "NoticeSeqs",
                    same.Select(m => m.Item.NoticeSeq), new { same.Key.EngineId, same.Key.From, same.Key.To, Now = now });
            }
            var done = moves;
            current = [];
            if (updated != moves.Count)
            {
                // An engine's report committed between the read and this update (SQL Server runs writers side by side;
                // SQLite's write lock rules it out). The rows this session moved are locked until it commits, so an
                // item whose status is not the one planned was not moved: move it again from where it is now.
                if (attempt == Attempts) throw new ConcurrentChangeException("Items kept changing while their claims were moved.");
                var reread = await ItemsAsync(session, moves.Select(m => m.Item.NoticeSeq).Distinct());
                var byKey = reread.ToDictionary(r => (r.NoticeSeq, r.EngineId));
                done = moves.Where(m => byKey[(m.Item.NoticeSeq, m.Item.EngineId)].Status == m.To).ToList();
                current = moves.Except(done).Select(m => byKey[(m.Item.NoticeSeq, m.Item.EngineId)]).ToList();
            }
            foreach (var (item, to) in done)
            {
                settled.Add(item.Moved(to!, reopening ? deadline!.Value : item.Deadline, now));
                events.Add([Ids.New("evt"), "status-changed", now, caller.KeyId, caller.Role, item.NoticeId, item.Id, item.EngineId, item.Status, to, reason]);
                moved.Add((item.RulingId, item.NoticeSeq, item.EngineId, item.Status, to!));
            }
        }
        await session.BulkInsertAsync("events", EventColumns, events);
        // Each engine hears what it must do now: nothing (withdrawn), put the URL back (relist-pending), start over (pending).
        foreach (var group in moved.GroupBy(m => m.To))
        {
            await ChangeWriter.ItemEventsAsync(session, Feeds.FeedEventTypes.ForMove(group.Key), group, now, reason);
        }
        return settled;
    }
}
