using System.Security.Cryptography;
using Delisting.Api.Data;
using Delisting.Api.Domain;
using Delisting.Api.Http;
using Delisting.Api.Changes;

namespace Delisting.Api.Engines;

/// <summary>What applying a batch of responses came to: refusals (nothing applied) or the counts and items as now.</summary>
public sealed record ResponsesOutcome(
    IReadOnlyDictionary<int, string> UnknownItems,
    IReadOnlyDictionary<int, string> Conflicts,
    int Applied,
    int Unchanged,
    IReadOnlyList<ItemRow> Items)
{
    /// <summary>
    /// For each delisting report of this batch: the time from its URL's first submission (for the time-to-delist
    /// histogram) and whether it came on time (<see cref="Timeliness.OfReport"/>).
    /// </summary>
    public IReadOnlyList<(string RulingId, TimeSpan Time, string Timeliness)> TimesToDelist { get; init; } = [];

    /// <summary>An empty batch's outcome: nothing refused, nothing applied.</summary>
    public static readonly ResponsesOutcome Nothing = new(new Dictionary<int, string>(), new Dictionary<int, string>(), 0, 0, []);
}

/// <summary>Applies an engine's reports: every item must be this engine's and every transition allowed, or nothing changes.</summary>
public sealed class ResponsesStore(Database database)
{
    // Each item by its notice's id and the engine: CROSS JOIN keeps the notices (found by their unique id) the outer
    // loop in SQLite, each item then found by its key; SQL Server plans it as the inner join it is.
    private const string SelectItems = $"""
        SELECT {ItemRow.Columns}, n.created_at AS submitted_at
        FROM notices n CROSS JOIN items i
        WHERE n.id IN @NoticeIds AND i.notice_seq = n.seq AND i.engine_id = @Engine
        """;

    private static readonly string[] StagedColumns =
        ["batch_id", "notice_seq", "engine_id", "position", "from_status", "to_status", "reported", "reason_code", "reason", "engine_reference",
            "event_id", "event_reason", "event_reference", "change_id"];

    // One statement for the whole batch, from its staged changes. The status read earlier is part of the condition: a
    // concurrent change makes this touch fewer rows instead of applying a transition from a status the item no longer
    // has. delisted_at is when the engine reported that the URL went down, whatever status that led to (relist-pending
    // when its claim had just been withdrawn); relist-pending is due at once.
    private const string UpdateStatuses = $"""
        UPDATE items
        SET status = m.to_status, reason_code = m.reason_code, reason = m.reason,
            engine_reference = COALESCE(m.engine_reference, items.engine_reference), updated_at = @Now,
            delisted_at = CASE WHEN m.reported = '{ItemStatus.Delisted}' THEN @Now ELSE items.delisted_at END,
            due_at = CASE WHEN m.to_status = '{ItemStatus.RelistPending}' THEN @Now ELSE items.due_at END
        FROM response_changes m
        WHERE m.batch_id = @Batch AND items.notice_seq = m.notice_seq AND items.engine_id = m.engine_id AND items.status = m.from_status
        """;

    // The request trail's status-changed events, in the batch's order.
    private const string InsertEvents = $"""
        INSERT INTO events (id, type, at, key_id, role, notice_id, item_id, engine_id, from_status, to_status, reason, reason_code,
                            engine_reference)
        SELECT m.event_id, '{RequestEventTypes.StatusChanged}', @Now, @KeyId, @Role, n.id, {ItemIds.OfSql}, m.engine_id, m.from_status,
               m.to_status, m.event_reason, m.reason_code, m.event_reference
        FROM response_changes m JOIN notices n ON n.seq = m.notice_seq
        WHERE m.batch_id = @Batch
        ORDER BY m.position
        """;

    private const string DeleteStaged = "DELETE FROM response_changes WHERE batch_id = @Batch";

    /// <summary>
    /// Applies the batch whole, or refuses it naming each unknown item and each transition not allowed. With
    /// <paramref name="checkOnly"/> it only names them and changes nothing.
    /// </summary>
    public async Task<ResponsesOutcome> ApplyAsync(string engine, IReadOnlyList<EngineResponse> responses, Caller caller, DateTimeOffset now,
        bool checkOnly, CancellationToken cancellationToken)
    {
        await using var session = await ChangeWriter.OpenAsync(database, checkOnly, cancellationToken);
        var current = await LoadAsync(session, engine, responses.Select(r => r.ItemId!));
        var plan = ResponsesPlan.Of(engine, responses, current);
        if (plan.Unknown.Count > 0 || plan.Conflicts.Count > 0 || checkOnly) return new ResponsesOutcome(plan.Unknown, plan.Conflicts, 0, 0, []);

        // The changes are staged once; the database moves the items and writes their events and feed rows from them.
        // If a concurrent batch moved an item in between (possible where writers run side by side, as on SQL Server),
        // fewer rows change and the whole batch is rolled back.
        var batch = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long))) & long.MaxValue;
        await session.BulkInsertAsync("response_changes", StagedColumns, plan.Changes.Select((c, position) => new object?[]
        {
            batch, c.Item.NoticeSeq, engine, position, c.Item.Status, c.To, c.Response.Status, c.Response.ReasonCode, c.Response.Reason,
            c.Response.EngineReference, Ids.New("evt"), EventReason(c.Response, c.To), c.Response.EngineReference ?? c.Item.EngineReference,
            Ids.New("evt"),
        }));
        var updated = await session.ExecuteAsync(UpdateStatuses, new { Batch = batch, Now = now });
        if (updated != plan.Changes.Count)
        {
            await session.DisposeAsync(); // rolls back, the staged rows with the rest
            return new ResponsesOutcome(new Dictionary<int, string>(), await RacedAsync(engine, responses, current, cancellationToken), 0, 0, []);
        }
        await session.ExecuteAsync(InsertEvents, new { Batch = batch, Now = now, caller.KeyId, caller.Role });
        await ChangeWriter.StatusChangedAsync(session, batch, now);
        // A delisting reported after the last claim ended: the engine must put the URL back.
        var relist = plan.Changes.Where(c => c.To == ItemStatus.RelistPending).ToList();
        if (relist.Count > 0)
        {
            await ChangeWriter.ItemEventsAsync(session, FeedEventTypes.RelistRequested, relist.Select(c => (c.Item.RulingId, c.Item.NoticeSeq, engine,
                c.Item.Status, c.To)),
                now, EventReason(relist[0].Response, ItemStatus.RelistPending));
        }
        await session.ExecuteAsync(DeleteStaged, new { Batch = batch });
        await session.CommitAsync();
        return new ResponsesOutcome(plan.Unknown, plan.Conflicts, plan.Changes.Count, plan.Unchanged, plan.ItemsAfter(responses, current, now))
        {
            TimesToDelist = plan.Changes.Where(c => c.Response.Status == ItemStatus.Delisted && c.Item.SubmittedAt is not null)
                .Select(c => (c.Item.RulingId, now - c.Item.SubmittedAt!.Value, Timeliness.OfReport(now, c.Item.Deadline))).ToList(),
        };
    }

    /// <summary>The engine's reason; when its report led elsewhere than it said (a late delisting), why.</summary>
    private static string? EventReason(EngineResponse response, string to) => to == response.Status
        ? response.Reason
        : $"The engine reported {response.Status} after the last claim on the URL was withdrawn: it must put the URL back.";

    /// <summary>The responses whose item another batch moved while this one was applied.</summary>
    private async Task<IReadOnlyDictionary<int, string>> RacedAsync(string engine, IReadOnlyList<EngineResponse> responses,
        IReadOnlyDictionary<string, ItemRow> before, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        var now = await LoadAsync(session, engine, responses.Select(r => r.ItemId!));
        var raced = Enumerable.Range(0, responses.Count)
            .Where(i => now.TryGetValue(responses[i].ItemId!, out var row) && before.TryGetValue(responses[i].ItemId!,
                out var old) && row.Status != old.Status)
            .ToDictionary(i => i, i => $"Item '{responses[i].ItemId}' changed while this batch was applied; read it again and resend.");
        return raced.Count > 0 ? raced : new Dictionary<int,
            string> { [0] = "Items changed while this batch was applied; read them again and resend." };
    }

    /// <summary>This engine's items among the given ids, by id. Another engine's item is not looked up: to this engine it does not exist.</summary>
    private static async Task<IReadOnlyDictionary<string, ItemRow>> LoadAsync(DbSession session, string engine, IEnumerable<string> ids)
    {
        var noticeIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (ItemIds.TryParse(id, out var noticeId, out var engineId) && engineId == engine) noticeIds.Add(noticeId);
        }
        var rows = await session.QueryByKeyListAsync<ItemRow>(SelectItems, "NoticeIds", noticeIds, new { Engine = engine });
        return rows.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }
}
