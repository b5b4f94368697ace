using Dapper;
using System.Data.Common;

namespace Delisting.Api.Data;

/// <summary>One key of <see cref="ItemTallies"/> and how many of a ruling's items have it.</summary>
/// <param name="CreatedAt">The first request of the items' URL (as stored: text or typed).</param>
/// <param name="ObligationEndsAt">Null when the order binds the URL without end.</param>
/// <param name="ReasonCode">The rejection code; null unless rejected.</param>
/// <param name="DelistedAt">The standing delisting report's instant; null when none.</param>
public sealed record ItemTally(string RulingId, string EngineId, object CreatedAt, DateTimeOffset Deadline, DateTimeOffset? ObligationEndsAt,
    string Status, string? ReasonCode, DateTimeOffset? DelistedAt, long Items);

/// <summary>
/// A ruling's items counted by engine, first request, deadline, end of obligation, status, rejection code and delisting
/// (migration 0025: the GROUP BY of items joined to their notices, kept as they change), so that figures over a
/// million items read a few thousand rows. The new items of a request are counted here, in its transaction, a few
/// statements for all of them, and so are items a statement moves (<see cref="MoveAsync"/>); a notice's new deadline or
/// end of obligation moves its items' counts by the migration's trigger. No item rule is
/// applied here: readers (the public figures, the item gauges) apply Domain's ItemStatus and Timeliness to each key.
/// </summary>
public sealed class ItemTallies(Database database)
{
    /// <summary>The instant stored for "never" (no end of obligation, no delisting), as the migration's triggers store it.</summary>
    public static readonly DateTimeOffset Never = new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

    private static readonly string[] KeyColumns =
        ["ruling_id", "engine_id", "created_at", "deadline", "obligation_ends_at", "status", "reason_code", "delisted_at"];

    private const string AddItems = """
        UPDATE item_tallies SET items = items + @Items
        WHERE ruling_id = @RulingId AND engine_id = @EngineId AND created_at = @CreatedAt AND deadline = @Deadline
          AND obligation_ends_at = @ObligationEndsAt AND status = @Status AND reason_code = @ReasonCode AND delisted_at = @DelistedAt
        """;

    private const string SelectRuling = """
        SELECT ruling_id, engine_id, created_at, deadline, obligation_ends_at, status, reason_code, delisted_at, items
        FROM item_tallies
        WHERE ruling_id = @RulingId AND items <> 0
        """;

    private const string SelectAll = """
        SELECT ruling_id, engine_id, created_at, deadline, obligation_ends_at, status, reason_code, delisted_at, items
        FROM item_tallies
        WHERE items <> 0
        """;

    // The key of each of the named items (pairs of notice_seq and engine_id), counted: the trigger's key on SQL Server,
    // "never" and '' standing for a missing end, delisting or code as there.
    private const string SelectKeysOf = """
        SELECT n.ruling_id, i.engine_id, n.created_at, n.deadline, COALESCE(n.obligation_ends_at, @Never), i.status,
               COALESCE(i.reason_code, ''), COALESCE(i.delisted_at, @Never), COUNT(*)
        FROM ({0}) p JOIN items i ON i.notice_seq = p.notice_seq AND i.engine_id = p.engine_id JOIN notices n ON n.seq = i.notice_seq
        GROUP BY n.ruling_id, i.engine_id, n.created_at, n.deadline, COALESCE(n.obligation_ends_at, @Never), i.status,
                 COALESCE(i.reason_code, ''), COALESCE(i.delisted_at, @Never)
        """;

    // While a statement moves items in bulk, SQLite's per-row trigger (migration 0026) stands aside: the row is the
    // transaction's own, deleted before it commits.
    private const string StandAside = "INSERT INTO items_moving_by_statement (batch_id) VALUES (1)";
    private const string StandBack = "DELETE FROM items_moving_by_statement WHERE batch_id = 1";

    private readonly string insertKey = database.InsertIfAbsent("item_tallies", [.. KeyColumns, "items"], KeyColumns);

    /// <summary>
    /// Counts the items just written, all in <paramref name="status"/>, for new notices first requested at
    /// <paramref name="createdAt"/>: one per notice and engine, keyed by each notice's deadline and end of obligation.
    /// </summary>
    public async Task CountNewItemsAsync(DbSession session, string rulingId, IReadOnlyList<string> engines, string status,
        DateTimeOffset createdAt, IEnumerable<(DateTimeOffset Deadline, DateTimeOffset? ObligationEndsAt)> notices)
    {
        foreach (var group in notices.GroupBy(n => (n.Deadline, ObligationEndsAt: n.ObligationEndsAt ?? Never)))
        {
            foreach (var engine in engines)
            {
                var key = new TallyKey(rulingId, engine, createdAt, group.Key.Deadline, group.Key.ObligationEndsAt, status, "",
                    Never, 0);
                await session.ExecuteAsync(insertKey, key);
                await session.ExecuteAsync(AddItems, key with { Items = group.LongCount() });
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="update"/>, a statement that moves the items named by <paramref name="pairs"/> (a SELECT of
    /// notice_seq and engine_id, bound to <paramref name="parameters"/>), and moves their counts from the keys they had
    /// to the keys they have: a few statements for all of them. On SQL Server the migration's trigger does this, once
    /// per statement; SQLite's trigger runs once per row (two upserts per item moved: a quarter of a 10,000-URL
    /// withdrawal's time), so there it stands aside meanwhile (migration 0026) and the counts are moved here, from the
    /// difference of the named items' keys before and after, as SQL Server's trigger does from deleted and inserted.
    /// SQLite's write lock keeps any other writer from moving them in between, so the difference is exact.
    /// </summary>
    public static async Task<int> MoveAsync(DbSession session, string pairs, object parameters, Func<Task<int>> update)
    {
        if (session.Provider == DatabaseProvider.SqlServer) return await update();
        var keys = string.Format(System.Globalization.CultureInfo.InvariantCulture, SelectKeysOf, pairs);
        var bound = new DynamicParameters(parameters);
        bound.Add("Never", Never);
        var change = new Dictionary<StoredKey, long>();
        void Count(DbDataReader row, int sign)
        {
            var key = new StoredKey(row.GetValue(0), row.GetValue(1), row.GetValue(2), row.GetValue(3), row.GetValue(4), row.GetValue(5),
                row.GetValue(6), row.GetValue(7));
            change[key] = change.GetValueOrDefault(key) + sign * row.GetInt64(8);
        }
        await session.FoldAsync(keys, bound, row => Count(row, -1));
        await session.ExecuteAsync(StandAside);
        int updated;
        try
        {
            updated = await update();
        }
        finally
        {
            await session.ExecuteAsync(StandBack);
        }
        await session.FoldAsync(keys, bound, row => Count(row, +1));
        foreach (var (key, items) in change.Where(c => c.Value != 0))
        {
            await session.ExecuteAsync(session.InsertIfAbsent("item_tallies", [.. KeyColumns, "items"], KeyColumns), key.Bound(0));
            await session.ExecuteAsync(AddItems, key.Bound(items));
        }
        return updated;
    }

    /// <summary>Every key the ruling's items have now, in no order.</summary>
    public static Task FoldAsync(DbSession session, string rulingId, Action<ItemTally> fold) =>
        session.FoldAsync(SelectRuling, new { RulingId = rulingId }, row => fold(Read(row)));

    /// <summary>Every key every ruling's items have now, in no order.</summary>
    public static Task FoldAllAsync(DbSession session, Action<ItemTally> fold) => session.FoldAsync(SelectAll, null, row => fold(Read(row)));

    private static ItemTally Read(DbDataReader row)
    {
        var obligationEndsAt = ValueEncoding.ReadInstant(row.GetValue(4));
        var delistedAt = ValueEncoding.ReadInstant(row.GetValue(7));
        var reasonCode = row.GetString(6);
        return new ItemTally(row.GetString(0), row.GetString(1), row.GetValue(2), ValueEncoding.ReadInstant(row.GetValue(3)),
            obligationEndsAt == Never ? null : obligationEndsAt, row.GetString(5), reasonCode.Length == 0 ? null : reasonCode,
            delistedAt == Never ? null : delistedAt, row.GetInt64(8));
    }

    /// <summary>A key as the database stores it (text on SQLite), written back unchanged.</summary>
    private sealed record StoredKey(object RulingId, object EngineId, object CreatedAt, object Deadline, object ObligationEndsAt, object Status,
        object ReasonCode, object DelistedAt)
    {
        public DynamicParameters Bound(long items)
        {
            var bound = new DynamicParameters();
            bound.Add(nameof(RulingId), RulingId);
            bound.Add(nameof(EngineId), EngineId);
            bound.Add(nameof(CreatedAt), CreatedAt);
            bound.Add(nameof(Deadline), Deadline);
            bound.Add(nameof(ObligationEndsAt), ObligationEndsAt);
            bound.Add(nameof(Status), Status);
            bound.Add(nameof(ReasonCode), ReasonCode);
            bound.Add(nameof(DelistedAt), DelistedAt);
            bound.Add("Items", items);
            return bound;
        }
    }

    private sealed record TallyKey(string RulingId, string EngineId, DateTimeOffset CreatedAt, DateTimeOffset Deadline,
        DateTimeOffset ObligationEndsAt, string Status, string ReasonCode, DateTimeOffset DelistedAt, long Items);
}
