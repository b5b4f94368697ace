using Dapper;
using Delisting.Api.Data;
using Delisting.Api.Domain;
using Delisting.Api.Http;

namespace Delisting.Api.Engines;

/// <summary>What applying a batch of responses came to: either conflicts (nothing applied) or the counts.</summary>
public sealed record ResponsesOutcome(
    IReadOnlyDictionary<int, string> UnknownItems,
    IReadOnlyDictionary<int, string> Conflicts,
    int Applied,
    int Unchanged,
    IReadOnlyList<ItemRow> Items);

public sealed class ItemsStore(Database database)
{
    // Microsoft.Data.Sqlite binds each parameter by a linear name search: a list of n parameters costs n² compares,
    // so lists are kept short (500 made a 10,000-URL look-up take 130 ms, mostly binding).
    private const int ChunkSize = 64;

    // An engine's queue in one status, oldest first: a range of the (engine, status, notice) index.
    private const string SelectQueueByStatus = $"""
        SELECT {ItemRow.Columns}
        FROM items i JOIN notices n ON n.seq = i.notice_seq
        WHERE i.engine_id = @Engine AND i.status = @Status AND i.notice_seq > @After
        ORDER BY i.notice_seq
        """;

    // Items named by derived id: their notices by id, then each item by its key (notice, engine). CROSS JOIN makes
    // SQLite keep notices as the outer loop: with a long id list and an inner join, its planner walked the
    // engine's whole queue index instead (200 ms for a 1,000-item batch). SQL Server treats it as the inner join.
    private const string SelectBatchItems = $"""
        SELECT {ItemRow.Columns}
        FROM notices n CROSS JOIN items i
        WHERE n.id IN @NoticeIds AND i.notice_seq = n.seq AND i.engine_id = @Engine
        """;

    // Items named by the id they were given before ids were derived. The engine is checked on the rows read.
    private const string SelectBatchLegacyItems = $"""
        SELECT {ItemRow.Columns}
        FROM items i JOIN notices n ON n.seq = i.notice_seq
        WHERE i.legacy_id IN @Ids
        """;

    // The expected current status is part of the condition: a concurrent change makes this touch no row
    // instead of applying a transition from a status the item no longer has.
    private const string UpdateStatus = """
        UPDATE items
        SET status = @To, reason = @Reason, engine_reference = COALESCE(@EngineReference, engine_reference),
            updated_at = @Now, delisted_at = CASE WHEN @To = 'delisted' THEN @Now ELSE delisted_at END
        WHERE notice_seq = @Seq AND engine_id = @Engine AND status = @From
        """;

    private static readonly string[] EventColumns =
        ["id", "type", "at", "key_id", "role", "notice_id", "item_id", "engine_id", "from_status", "to_status", "reason"];

    /// <summary>
    /// The engine's items oldest first, in one status or in all. All statuses are read as one page per status,
    /// merged here: each is a range of the queue index, so a page costs the same at any table size.
    /// </summary>
    public async Task<(IReadOnlyList<ItemRow> Items, long? Next)> QueueAsync(string engine, string? status, long after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var sql = SelectQueueByStatus + database.Dialect.Limit("@Limit");
        var rows = new List<ItemRow>();
        foreach (var wanted in status is null ? ItemStatus.All : [status])
        {
            rows.AddRange(await connection.QueryAsync<ItemRow>(new CommandDefinition(sql,
                new { Engine = engine, Status = wanted, After = after, Limit = limit + 1 }, cancellationToken: cancellationToken)));
        }
        if (status is null) rows = rows.OrderBy(r => r.Seq).Take(limit + 1).ToList();
        var page = rows.Take(limit).ToList();
        return (page, rows.Count > limit ? page[^1].Seq : null);
    }

    /// <summary>
    /// Applies an engine's batch of responses in one transaction: every item must be this engine's and every
    /// transition allowed, or nothing changes. Each change is recorded as a status-changed event.
    /// </summary>
    public async Task<ResponsesOutcome> ApplyAsync(string engine, IReadOnlyList<EngineResponse> responses, Caller caller, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = Database.BeginWrite(connection);

        var current = await LoadAsync(connection, transaction, engine, responses.Select(r => r.ItemId!).ToList(), cancellationToken);
        var unknown = new Dictionary<int, string>();
        var conflicts = new Dictionary<int, string>();
        var changes = new List<(EngineResponse Response, ItemRow Item)>();
        var unchanged = 0;
        var reported = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < responses.Count; i++)
        {
            var response = responses[i];
            if (!current.TryGetValue(response.ItemId!, out var item))
            {
                unknown[i] = $"No item '{response.ItemId}' is in the {engine} queue.";
            }
            else if (!reported.TryAdd(item.Id, i))
            {
                // The same item under its derived and its original id.
                unknown[i] = $"Item '{response.ItemId}' is already reported in responses[{reported[item.Id]}] as '{responses[reported[item.Id]].ItemId}'.";
            }
            else if (item.Status == response.Status)
            {
                unchanged++;
            }
            else if (!ItemStatus.CanTransition(item.Status, response.Status!))
            {
                conflicts[i] = $"Item '{item.Id}' is {item.Status}; it cannot become {response.Status}.";
            }
            else
            {
                changes.Add((response, item));
            }
        }
        if (unknown.Count > 0 || conflicts.Count > 0) return new ResponsesOutcome(unknown, conflicts, 0, 0, []);

        // One command for the whole batch. Every row names the status it expects to find; if a concurrent batch
        // moved an item in between, fewer rows change and the whole batch is rolled back.
        var updated = await connection.ExecuteAsync(new CommandDefinition(UpdateStatus, changes.Select(c => new
        {
            c.Item.Seq, Engine = engine, From = c.Item.Status, To = c.Response.Status, c.Response.Reason, c.Response.EngineReference, Now = now,
        }), transaction, cancellationToken: cancellationToken));
        if (updated != changes.Count)
        {
            // Only possible where writers run side by side (SQL Server): SQLite's write lock serializes batches.
            await transaction.RollbackAsync(CancellationToken.None);
            var moved = await LoadAsync(connection, null, engine, changes.Select(c => c.Response.ItemId!).ToList(), cancellationToken);
            var raced = Enumerable.Range(0, responses.Count)
                .Where(i => moved.TryGetValue(responses[i].ItemId!, out var row) && current.TryGetValue(responses[i].ItemId!, out var before) && row.Status != before.Status)
                .ToDictionary(i => i, i => $"Item '{responses[i].ItemId}' changed while this batch was applied; read it again and resend.");
            return new ResponsesOutcome(unknown, raced.Count > 0 ? raced : new Dictionary<int, string>
            {
                [0] = "Items changed while this batch was applied; read them again and resend.",
            }, 0, 0, []);
        }
        await database.Dialect.BulkInsertAsync(connection, transaction, "events", EventColumns,
            changes.Select(c => new object?[]
            {
                Ids.New("evt"), "status-changed", now, caller.KeyId, caller.Role, c.Item.NoticeId, c.Item.Id, engine, c.Item.Status, c.Response.Status, c.Response.Reason,
            }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // The rows as they now stand, built from what was read and what was applied: no second read.
        var applied = changes.ToDictionary(c => c.Item.Id, c => c.Response, StringComparer.Ordinal);
        return new ResponsesOutcome(unknown, conflicts, changes.Count, unchanged, responses.Select(r =>
        {
            var row = current[r.ItemId!];
            return applied.TryGetValue(row.Id, out var change) ? row.After(change.Status!, change.Reason, change.EngineReference, now) : row;
        }).ToList());
    }

    /// <summary>This engine's items among the given ids, keyed by the id they were asked for (derived or legacy).</summary>
    private static async Task<Dictionary<string, ItemRow>> LoadAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction,
        string engine, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var items = new Dictionary<string, ItemRow>(StringComparer.Ordinal);
        var derived = new Dictionary<string, string>(StringComparer.Ordinal);
        var legacy = new List<string>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (!ItemIds.TryParse(id, out var noticeId, out var engineId)) legacy.Add(id);
            // Another engine's item is not looked up at all: to this engine it does not exist.
            else if (engineId == engine) derived[noticeId] = id;
        }
        foreach (var chunk in derived.Keys.Chunk(ChunkSize))
        {
            foreach (var row in await connection.QueryAsync<ItemRow>(new CommandDefinition(SelectBatchItems,
                         new { Engine = engine, NoticeIds = chunk }, transaction, cancellationToken: cancellationToken)))
            {
                items[derived[row.NoticeId]] = row;
            }
        }
        foreach (var chunk in legacy.Chunk(ChunkSize))
        {
            foreach (var row in await connection.QueryAsync<ItemRow>(new CommandDefinition(SelectBatchLegacyItems,
                         new { Ids = chunk }, transaction, cancellationToken: cancellationToken)))
            {
                if (row.EngineId == engine) items[row.LegacyId!] = row;
            }
        }
        return items;
    }
}
