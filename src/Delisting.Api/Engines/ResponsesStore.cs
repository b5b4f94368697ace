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
    private const string SelectNoticeSeqs = "SELECT seq FROM notices WHERE id IN @NoticeIds";

    // Each item by its key (notice, engine).
    private const string SelectItemsByKey = $"""
        SELECT {ItemRow.Columns}, n.created_at AS submitted_at
        FROM items i JOIN notices n ON n.seq = i.notice_seq
        WHERE i.engine_id = @Engine AND i.notice_seq IN @NoticeSeqs
        """;

    // The status read earlier is part of the condition: a concurrent change makes this touch no row instead of
    // applying a transition from a status the item no longer has. delisted_at is when the engine reported that the
    // URL went down, whatever status that led to (relist-pending when its claim had just been withdrawn).
    private const string UpdateStatus = """
        UPDATE items
        SET status = @To, reason_code = @ReasonCode, reason = @Reason, engine_reference = COALESCE(@EngineReference, engine_reference),
            updated_at = @Now, delisted_at = CASE WHEN @Reported = 'delisted' THEN @Now ELSE delisted_at END,
            due_at = CASE WHEN @To = 'relist-pending' THEN @Now ELSE due_at END
        WHERE notice_seq = @NoticeSeq AND engine_id = @Engine AND status = @From
        """;

    private static readonly string[] EventColumns =
        ["id", "type", "at", "key_id", "role", "notice_id", "item_id", "engine_id", "from_status", "to_status", "reason", "reason_code",
            "engine_reference"];

    /// <summary>
    /// Applies the batch whole, or refuses it naming each unknown item and each transition not allowed. With
    /// <paramref name="checkOnly"/> it only names them and changes nothing.
    /// </summary>
    public async Task<ResponsesOutcome> ApplyAsync(string engine, IReadOnlyList<EngineResponse> responses, Caller caller, DateTimeOffset now,
        bool checkOnly, CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        await ChangeWriter.BeginAsync(session);
        var current = await LoadAsync(session, engine, responses.Select(r => r.ItemId!));
        var plan = ResponsesPlan.Of(engine, responses, current);
        if (plan.Unknown.Count > 0 || plan.Conflicts.Count > 0 || checkOnly) return new ResponsesOutcome(plan.Unknown, plan.Conflicts, 0, 0, []);

        // One command for the whole batch. Every row names the status it expects; if a concurrent batch moved an
        // item in between (possible where writers run side by side, as on SQL Server), fewer rows change and
        // the whole batch is rolled back.
        var updated = await session.ExecuteAsync(UpdateStatus, plan.Changes.Select(c => new
        {
            c.Item.NoticeSeq, Engine = engine, From = c.Item.Status, c.To, Reported = c.Response.Status, c.Response.ReasonCode, c.Response.Reason,
            c.Response.EngineReference, Now = now,
        }));
        if (updated != plan.Changes.Count)
        {
            await session.DisposeAsync(); // rolls back
            return new ResponsesOutcome(new Dictionary<int, string>(), await RacedAsync(engine, responses, current, cancellationToken), 0, 0, []);
        }
        await session.BulkInsertAsync("events", EventColumns, plan.Changes.Select(c => new object?[]
        {
            Ids.New("evt"), RequestEventTypes.StatusChanged, now, caller.KeyId, caller.Role, c.Item.NoticeId, c.Item.Id, engine, c.Item.Status, c.To,
                EventReason(c.Response, c.To),
            c.Response.ReasonCode, c.Response.EngineReference ?? c.Item.EngineReference,
        }));
        await ChangeWriter.StatusChangedAsync(session, plan.Changes.Select(c => new ReportedChange(c.Item.RulingId, c.Item.NoticeSeq, engine,
            c.Item.Status, c.To, c.Response.ReasonCode, c.Response.Reason, c.Response.EngineReference ?? c.Item.EngineReference)).ToList(), now);
        // A delisting reported after the last claim ended: the engine must put the URL back.
        var relist = plan.Changes.Where(c => c.To == ItemStatus.RelistPending).ToList();
        if (relist.Count > 0)
        {
            await ChangeWriter.ItemEventsAsync(session, FeedEventTypes.RelistRequested, relist.Select(c => (c.Item.RulingId, c.Item.NoticeSeq, engine,
                c.Item.Status, c.To)),
                now, EventReason(relist[0].Response, ItemStatus.RelistPending));
        }
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
        var seqs = await session.QueryByKeysAsync<long, string>(SelectNoticeSeqs, "NoticeIds", noticeIds);
        var rows = await session.QueryByKeysAsync<ItemRow, long>(SelectItemsByKey, "NoticeSeqs", seqs, new { Engine = engine });
        return rows.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }
}
