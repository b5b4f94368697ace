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
/// million items read a few thousand rows. The triggers of the migration move the counts of changed items and notices;
/// the new items of a request are counted here, in its transaction, a few statements for all of them. No item rule is
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

    private sealed record TallyKey(string RulingId, string EngineId, DateTimeOffset CreatedAt, DateTimeOffset Deadline,
        DateTimeOffset ObligationEndsAt, string Status, string ReasonCode, DateTimeOffset DelistedAt, long Items);
}
