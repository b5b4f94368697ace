using System.Data;
using Dapper;
using Delisting.Api.Data;
using Delisting.Api.Domain;
using Delisting.Api.Http;
using Delisting.Api.Changes;

namespace Delisting.Api.Withdrawals;

/// <summary>A notice staged for a claim move: whether the call ended a claim on it, and whether its items move (once per notice).</summary>
public readonly record struct StagedNotice(long NoticeSeq, bool Ended, bool Moving);

/// <summary>
/// Claims on notices (a request's URLs) and what their end or their return does to the notices' items, inside a
/// caller's write session. The statuses come from <see cref="ItemStatus"/>'s table; this class only applies them.
/// A call stages its notices under a batch number (<see cref="StageAsync"/>); the moves and their events are then written
/// by the database from the staged rows, set-based. The staged notices are deleted before commit; the moves are kept:
/// the engine feed reads them (<see cref="ChangeWriter.ItemMovesAsync"/>).
/// </summary>
public static class ClaimMoves
{
    // The notices among the given ones that some request, of any organisation, still claims.
    private const string SelectClaimedNotices =
        "SELECT DISTINCT notice_id FROM request_urls WHERE withdrawn_at IS NULL AND notice_id IN @NoticeIds";

    private static readonly string[] StagedColumns = ["batch_id", "position", "notice_seq", "ended", "moving"];

    // The move (from -> to) of each item of the moving notices that the cause moves, planned from the status read now, by
    // one statement for every move of the cause (its moves fill the slots, unused slots are null and match nothing).
    // An item this session moved already is not planned again: the statuses a cause leads to are never statuses it
    // moves from (ItemStatusTests), and the planned moves not made are deleted before the items are planned again.
    private const string StageMoves = """
        INSERT INTO claim_moves (batch_id, notice_seq, engine_id, from_status, to_status)
        SELECT s.batch_id, i.notice_seq, i.engine_id, i.status,
               CASE i.status WHEN @From1 THEN @To1 WHEN @From2 THEN @To2 WHEN @From3 THEN @To3 WHEN @From4 THEN @To4 END
        FROM claim_notices s JOIN items i ON i.notice_seq = s.notice_seq
        WHERE s.batch_id = @Batch AND s.moving = 1 AND i.status IN (@From1, @From2, @From3, @From4)
        """;

    /// <summary>How many moves one cause may make: the slots of <see cref="StageMoves"/>.</summary>
    private const int MoveSlots = 4;

    // As in ResponsesStore, the status planned from is part of the condition: an item a concurrent engine report moved
    // meanwhile is not touched, and the count tells. An item goes where its planned move leads (the plan's slots, on the
    // status planned from). The engine's reasons stay on the item. The one move that gives the engine new work, a
    // delisted URL to put back, makes the item due now in the queue; the others keep its place.
    private const string UpdateWithdrawn = $"""
        UPDATE items
        SET status = CASE status WHEN @From1 THEN @To1 WHEN @From2 THEN @To2 WHEN @From3 THEN @To3 WHEN @From4 THEN @To4 END,
            updated_at = @Now, withdrawn_at = @Now,
            due_at = CASE WHEN status = '{ItemStatus.Delisted}' THEN @Now ELSE due_at END
        WHERE notice_seq IN (SELECT notice_seq FROM claim_notices WHERE batch_id = @Batch AND moving = 1)
          AND EXISTS (SELECT 1 FROM claim_moves m
                      WHERE m.batch_id = @Batch AND m.notice_seq = items.notice_seq AND m.engine_id = items.engine_id AND m.from_status =
                          items.status)
        """;

    // Claimed again: the item starts over, so what the engine said about the last claim is cleared.
    private const string UpdateReopened = """
        UPDATE items
        SET status = CASE status WHEN @From1 THEN @To1 WHEN @From2 THEN @To2 WHEN @From3 THEN @To3 WHEN @From4 THEN @To4 END,
            updated_at = @Now, withdrawn_at = NULL, reason = NULL, reason_code = NULL,
            due_at = (SELECT n.deadline FROM notices n WHERE n.seq = items.notice_seq)
        WHERE notice_seq IN (SELECT notice_seq FROM claim_notices WHERE batch_id = @Batch AND moving = 1)
          AND EXISTS (SELECT 1 FROM claim_moves m
                      WHERE m.batch_id = @Batch AND m.notice_seq = items.notice_seq AND m.engine_id = items.engine_id AND m.from_status =
                          items.status)
        """;

    // Planned moves whose item is not where the plan leads: a concurrent report moved it first, so this session did not.
    // (No report leads to a status a claim move leads to from the same start, and the rows this session moved stay
    // locked until it commits.)
    private const string DropUnmoved = """
        DELETE FROM claim_moves
        WHERE batch_id = @Batch
          AND NOT EXISTS (SELECT 1 FROM items i
                          WHERE i.notice_seq = claim_moves.notice_seq AND i.engine_id = claim_moves.engine_id AND i.status = claim_moves.to_status)
        """;

    // The deadline each reopened notice had and the one it takes: the export reads a notice's deadline at an instant from these.
    private const string InsertDeadlineHistory = """
        INSERT INTO notice_deadlines (notice_seq, at, previous_deadline, deadline)
        SELECT n.seq, @Now, n.deadline, @Deadline
        FROM claim_notices s JOIN notices n ON n.seq = s.notice_seq
        WHERE s.batch_id = @Batch AND s.moving = 1
        ORDER BY n.seq
        """;

    private const string UpdateNoticeDeadlines = """
        UPDATE notices SET deadline = @Deadline
        WHERE seq IN (SELECT notice_seq FROM claim_notices WHERE batch_id = @Batch AND moving = 1)
        """;

    private const string DeleteNotices = "DELETE FROM claim_notices WHERE batch_id = @Batch";

    /// <summary>How often moves are planned again after a concurrent engine report (possible on SQL Server only).</summary>
    private const int Attempts = 5;

    public static async Task<HashSet<string>> ClaimedAsync(DbSession session, IEnumerable<string> noticeIds) =>
        (await session.QueryByKeysAsync<string, string>(SelectClaimedNotices, "NoticeIds", noticeIds)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Stages the call's notices, in the order of its URLs, under a new random batch number; returns it.</summary>
    public static async Task<long> StageAsync(DbSession session, IEnumerable<StagedNotice> notices)
    {
        var batch = BitConverter.ToInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(sizeof(long))) & long.MaxValue;
        await session.BulkInsertAsync("claim_notices", StagedColumns, notices.Select((n, position) => new object?[] { batch, position, n.NoticeSeq,
            n.Ended, n.Moving }));
        return batch;
    }

    /// <summary>
    /// Moves the items of the batch's moving notices as <paramref name="cause"/> (<see cref="ItemStatus.LastClaimEnded"/>
    /// or <see cref="ItemStatus.ClaimedAgain"/>) moves them, writes the anchor of their status-changed events (<see cref="MoveEvents"/>) and an
    /// engine feed row for
    /// each (expanded from the batch's moves when read). Claimed again, the notices take <paramref name="deadline"/>.
    /// Returns how many items moved.
    /// </summary>
    public static async Task<int> MoveAsync(DbSession session, long batch, string rulingId, string cause, Caller caller, string? reason,
        DateTimeOffset now,
        DateTimeOffset? deadline = null)
    {
        var reopening = cause == ItemStatus.ClaimedAgain;
        if (reopening)
        {
            await session.ExecuteAsync(InsertDeadlineHistory, new { Batch = batch, Now = now, Deadline = deadline });
            await session.ExecuteAsync(UpdateNoticeDeadlines, new { Batch = batch, Deadline = deadline });
        }
        var plan = Plan(batch, cause);
        var move = new DynamicParameters(plan);
        move.Add("Now", now);
        var moved = 0;
        for (var attempt = 1; ; attempt++)
        {
            var planned = await session.ExecuteAsync(StageMoves, plan);
            if (planned == 0) break;
            var updated = await session.ExecuteAsync(reopening ? UpdateReopened : UpdateWithdrawn, move);
            moved += updated;
            if (updated == planned) break;
            // An engine's report committed between the plan and the update (SQL Server runs writers side by side;
            // SQLite's write lock rules it out): forget the moves not made and plan those items again from where they are.
            if (attempt == Attempts) throw new ConcurrentChangeException("Items kept changing while their claims were moved.");
            await session.ExecuteAsync(DropUnmoved, new { Batch = batch });
        }
        // One anchor event: readers derive a status-changed event per move from it (MoveEvents).
        if (moved > 0) await session.ExecuteAsync(MoveEvents.InsertAnchor, new { Id = Ids.New("evt"), Now = now, caller.KeyId, caller.Role,
            Reason = reason, Batch = batch });
        // Each engine hears what it must do now: nothing (withdrawn), put the URL back (relist-pending), start over (pending).
        await ChangeWriter.ItemMovesAsync(session, batch, rulingId, now, reason);
        return moved;
    }

    /// <summary>The parameters of <see cref="StageMoves"/>: the batch and the moves of the cause, from the transition table.</summary>
    private static DynamicParameters Plan(long batch, string cause)
    {
        var moves = ItemStatus.MovesOn(cause);
        if (moves.Count > MoveSlots) throw new InvalidOperationException($"'{cause}' makes {moves.Count} moves; planning has room for {MoveSlots}.");
        var plan = new DynamicParameters(new { Batch = batch });
        for (var slot = 1; slot <= MoveSlots; slot++)
        {
            var move = slot <= moves.Count ? moves[slot - 1] : default;
            plan.Add($"From{slot}", move.From, DbType.String);
            plan.Add($"To{slot}", move.To, DbType.String);
        }
        return plan;
    }

    /// <summary>Deletes the batch's staged notices (before the caller commits); its moves are kept for the engine feed.</summary>
    public static Task EndAsync(DbSession session, long batch) => session.ExecuteAsync(DeleteNotices, new { Batch = batch });
}
