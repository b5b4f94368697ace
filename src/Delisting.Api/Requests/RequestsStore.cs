using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Delisting.Api.Data;
using Delisting.Api.Domain;
using Delisting.Api.Engines;
using Delisting.Api.Http;

namespace Delisting.Api.Requests;

/// <summary>A request ready to be stored: URLs already normalized, matched to a site and deduplicated.</summary>
public sealed record Submission(
    string Id,
    Rulings.Ruling Ruling,
    string Organisation,
    string? ClientReference,
    DateTimeOffset SubmittedAt,
    DateTimeOffset Deadline,
    Caller Caller,
    IReadOnlyList<AcceptedUrl> Urls);

public sealed record AcceptedUrl(string Url, byte[] Hash, string Site);

/// <summary>Where a page of a request's items ended: the URL's position in the request and the engine.</summary>
public sealed record RequestItemsCursor(long Position, string Engine)
{
    public override string ToString() => $"{Position.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{Engine}";

    public static bool TryParse(string text, out RequestItemsCursor? cursor)
    {
        cursor = null;
        var colon = text.IndexOf(':');
        if (colon < 1 || !long.TryParse(text.AsSpan(0, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var position)) return false;
        cursor = new RequestItemsCursor(position, text[(colon + 1)..]);
        return true;
    }
}

/// <summary>What never changes about a request once stored: kept in memory to serve status reads.</summary>
internal sealed record RequestHead(
    string Id, string RulingId, string OrganisationId, string? ClientReference, DateTimeOffset SubmittedAt, DateTimeOffset Deadline,
    IReadOnlyList<RequestUrlContract> Urls, IReadOnlyList<string> Engines);

public sealed class RequestsStore(Database database, IMemoryCache heads, PreparedReads prepared)
{
    /// <summary>Cache budget in URLs: a head costs one unit per URL (plus one), so 10,000-URL requests do not crowd out the rest.</summary>
    public const long HeadCacheUrls = 100_000;

    /// <summary>Requests up to this size are cached as they are stored; larger ones when first read.</summary>
    private const int CacheOnInsertUrls = 1_000;

    // Microsoft.Data.Sqlite binds each parameter by a linear name search: a list of n parameters costs n² compares,
    // so lists are kept short (500 made a 10,000-URL look-up take 130 ms, mostly binding).
    private const int ChunkSize = 64;

    private const string SelectExistingNotices =
        "SELECT id, url_hash FROM notices WHERE ruling_id = @RulingId AND url_hash IN @Hashes";

    private static readonly string[] NoticeColumns = ["id", "ruling_id", "url_hash", "url", "site", "created_at", "deadline"];
    private static readonly string[] RequestUrlColumns = ["request_id", "position", "notice_id", "already_requested"];

    private const string InsertRequest = """
        INSERT INTO requests (id, ruling_id, organisation_id, client_reference, submitted_at, deadline, submitted_by)
        VALUES (@Id, @RulingId, @OrganisationId, @ClientReference, @SubmittedAt, @Deadline, @SubmittedBy)
        """;

    // One pending item per new notice of the request and engine of its ruling, written by the database itself:
    // 40,000 items for a 10,000-URL request without 40,000 round trips through the driver.
    private const string InsertItems = """
        INSERT INTO items (notice_seq, engine_id, status)
        SELECT n.seq, re.engine_id, 'pending'
        FROM request_urls ru
        JOIN notices n ON n.id = ru.notice_id
        JOIN ruling_engines re ON re.ruling_id = n.ruling_id
        WHERE ru.request_id = @RequestId AND ru.already_requested = 0
        """;

    private const string InsertSubmittedEvent = """
        INSERT INTO events (id, type, at, key_id, role, request_id)
        VALUES (@Id, 'submitted', @At, @KeyId, @Role, @RequestId)
        """;

    // A rights holder sees its organisation's requests only; @Organisation is null for an admin.
    private const string CountVisibleRequest = """
        SELECT COUNT(*) FROM requests r
        WHERE r.id = @Id AND (@Organisation IS NULL OR r.organisation_id = @Organisation)
        """;

    // From a request's URLs to their items: every count and state below goes this way.
    private const string UrlsToItems = "request_urls ru JOIN notices n ON n.id = ru.notice_id JOIN items i ON i.notice_seq = n.seq";

    // Per engine and status: how many items, and how many of them are open past their notice's deadline.
    private const string CountColumns = """
        i.engine_id, i.status, COUNT(*) AS count,
               SUM(CASE WHEN i.status IN ('pending', 'acknowledged') AND n.deadline <= @Now THEN 1 ELSE 0 END) AS overdue
        """;

    private const string SelectSummaries = $"""
        SELECT ru.request_id, {CountColumns}
        FROM {UrlsToItems}
        WHERE ru.request_id IN @Ids
        GROUP BY ru.request_id, i.engine_id, i.status
        """;

    // GET /v1/requests/{id} in one round trip: the request, its URLs, its ruling's engines, its counts.
    // Every statement is scoped by the caller's organisation (@Organisation is null for an admin).
    private const string SelectRequestWhole = $"""
        SELECT r.seq, r.id, r.ruling_id, r.organisation_id, r.client_reference, r.submitted_at, r.deadline
        FROM requests r
        WHERE r.id = @Id AND (@Organisation IS NULL OR r.organisation_id = @Organisation);
        SELECT n.url, n.id AS notice_id, n.site, ru.already_requested
        FROM requests r
        JOIN request_urls ru ON ru.request_id = r.id
        JOIN notices n ON n.id = ru.notice_id
        WHERE r.id = @Id AND (@Organisation IS NULL OR r.organisation_id = @Organisation)
        ORDER BY ru.position;
        SELECT re.engine_id
        FROM requests r JOIN ruling_engines re ON re.ruling_id = r.ruling_id
        WHERE r.id = @Id AND (@Organisation IS NULL OR r.organisation_id = @Organisation);
        SELECT ru.request_id, {CountColumns}
        FROM {UrlsToItems} JOIN requests r ON r.id = ru.request_id
        WHERE r.id = @Id AND (@Organisation IS NULL OR r.organisation_id = @Organisation)
        GROUP BY ru.request_id, i.engine_id, i.status
        """;

    // The live part of a status read: the counts of one request's items. The organisation was checked when its
    // head was read (a scoped query) and is checked again against that head on every read.
    private const string SelectRequestCounts = $"""
        SELECT {CountColumns}
        FROM {UrlsToItems}
        WHERE ru.request_id = @Id
        GROUP BY i.engine_id, i.status
        """;

    private const string SelectRulingEngines = "SELECT ruling_id, engine_id FROM ruling_engines WHERE ruling_id IN @RulingIds";

    // Newest first; `open` means some item is still pending or acknowledged.
    private const string SelectRequestPage = $"""
        SELECT r.seq, r.id, r.ruling_id, r.organisation_id, r.client_reference, r.submitted_at, r.deadline,
               (SELECT COUNT(*) FROM request_urls ru WHERE ru.request_id = r.id) AS url_count
        FROM requests r
        WHERE (@Organisation IS NULL OR r.organisation_id = @Organisation)
          AND (@RulingId IS NULL OR r.ruling_id = @RulingId)
          AND (@Before = 0 OR r.seq < @Before)
          AND (@State IS NULL
               OR (@State = 'open' AND EXISTS (SELECT 1 FROM {UrlsToItems}
                                               WHERE ru.request_id = r.id AND i.status IN ('pending', 'acknowledged')))
               OR (@State = 'closed' AND NOT EXISTS (SELECT 1 FROM {UrlsToItems}
                                                     WHERE ru.request_id = r.id AND i.status IN ('pending', 'acknowledged'))))
        ORDER BY r.seq DESC
        """;

    // In the order of the request's URLs, then by engine; the cursor is the last (position, engine) returned.
    private const string SelectRequestItems = $"""
        SELECT {ItemRow.Columns}, ru.position
        FROM {UrlsToItems}
        WHERE ru.request_id = @Id
          AND (@Engine IS NULL OR i.engine_id = @Engine)
          AND (@Status IS NULL OR i.status = @Status)
          AND ru.position >= @AfterPosition
          AND (ru.position > @AfterPosition OR i.engine_id > @AfterEngine)
        ORDER BY ru.position, i.engine_id
        """;

    // The request's own events, then those of its items (which may be shared with other requests for the same URL).
    private const string SelectEvents = """
        SELECT seq, id, type, at, key_id, role, item_id, engine_id, from_status, to_status, reason FROM (
            SELECT e.seq, e.id, e.type, e.at, e.key_id, e.role, e.item_id, e.engine_id, e.from_status, e.to_status, e.reason
            FROM events e WHERE e.request_id = @Id AND e.seq > @After
            UNION ALL
            SELECT e.seq, e.id, e.type, e.at, e.key_id, e.role, e.item_id, e.engine_id, e.from_status, e.to_status, e.reason
            FROM request_urls ru
            JOIN events e ON e.notice_id = ru.notice_id
            WHERE ru.request_id = @Id AND e.seq > @After
        ) trail
        ORDER BY seq
        """;

    /// <summary>
    /// Stores the request, its new notices and their items for every engine of the ruling, in one transaction
    /// with bulk inserts. URLs already noticed under the ruling reuse their notice and items.
    /// </summary>
    public async Task<IReadOnlyList<RequestUrlContract>> InsertAsync(Submission submission, CancellationToken cancellationToken)
    {
        var ruling = submission.Ruling;
        var now = submission.SubmittedAt;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = Database.BeginWrite(connection);

        var existing = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in submission.Urls.Chunk(ChunkSize))
        {
            var rows = await connection.QueryAsync<(string Id, byte[] UrlHash)>(new CommandDefinition(SelectExistingNotices,
                new { RulingId = ruling.Id, Hashes = chunk.Select(u => u.Hash).ToArray() }, transaction, cancellationToken: cancellationToken));
            foreach (var row in rows) existing[Convert.ToHexString(row.UrlHash)] = row.Id;
        }

        var urls = new List<RequestUrlContract>(submission.Urls.Count);
        var newNotices = new List<object?[]>();
        foreach (var url in submission.Urls)
        {
            if (existing.TryGetValue(Convert.ToHexString(url.Hash), out var noticeId))
            {
                urls.Add(new RequestUrlContract(url.Url, noticeId, url.Site, AlreadyRequested: true));
                continue;
            }
            noticeId = Ids.New("ntc");
            newNotices.Add([noticeId, ruling.Id, url.Hash, url.Url, url.Site, now, submission.Deadline]);
            urls.Add(new RequestUrlContract(url.Url, noticeId, url.Site, AlreadyRequested: false));
        }

        await connection.ExecuteAsync(new CommandDefinition(InsertRequest, new
        {
            submission.Id, RulingId = ruling.Id, OrganisationId = submission.Organisation, submission.ClientReference,
            submission.SubmittedAt, submission.Deadline, SubmittedBy = submission.Caller.KeyId,
        }, transaction, cancellationToken: cancellationToken));
        await database.Dialect.BulkInsertAsync(connection, transaction, "notices", NoticeColumns, newNotices, cancellationToken);
        await database.Dialect.BulkInsertAsync(connection, transaction, "request_urls", RequestUrlColumns,
            urls.Select((u, position) => new object?[] { submission.Id, position, u.NoticeId, u.AlreadyRequested }), cancellationToken);
        if (newNotices.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertItems, new { RequestId = submission.Id }, transaction, cancellationToken: cancellationToken));
        }
        await connection.ExecuteAsync(new CommandDefinition(InsertSubmittedEvent, new
        {
            Id = Ids.New("evt"), At = now, submission.Caller.KeyId, submission.Caller.Role, RequestId = submission.Id,
        }, transaction, cancellationToken: cancellationToken));

        await transaction.CommitAsync(cancellationToken);
        if (urls.Count <= CacheOnInsertUrls) Remember(new RequestHead(submission.Id, ruling.Id, submission.Organisation, submission.ClientReference,
            submission.SubmittedAt, submission.Deadline, urls, ruling.Engines));
        return urls;
    }

    /// <summary>
    /// A request with its summary as of now. Its head (URLs, dates, engines) never changes, so it is read once and
    /// kept in memory; each read then costs one scoped count query. Safe with several instances: nothing cached can go stale.
    /// </summary>
    public async Task<RequestContract?> GetAsync(string id, string? organisation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, EngineSummary> summary;
        if (heads.TryGetValue(HeadKey(id), out RequestHead? head) && head is not null)
        {
            if (organisation is not null && head.OrganisationId != organisation) return null;
            summary = Summarize(head.Engines, await CountsAsync(id, now, cancellationToken));
        }
        else
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(SelectRequestWhole,
                new { Id = id, Organisation = organisation, Now = now }, cancellationToken: cancellationToken));
            var request = await results.ReadSingleOrDefaultAsync<RequestRow>();
            var urls = (await results.ReadAsync<UrlRow>()).Select(u => new RequestUrlContract(u.Url, u.NoticeId, u.Site, u.AlreadyRequested)).ToList();
            var engines = (await results.ReadAsync<string>()).ToList();
            var counts = await results.ReadAsync<CountRow>();
            if (request is null) return null;
            head = new RequestHead(request.Id, request.RulingId, request.OrganisationId, request.ClientReference,
                request.SubmittedAt, request.Deadline, urls, engines);
            Remember(head);
            summary = Summarize(engines, counts);
        }
        return new RequestContract(head.Id, head.RulingId, head.OrganisationId, head.ClientReference,
            head.SubmittedAt, head.Deadline, head.Urls, summary, RequestStates.Of(summary));
    }

    private async Task<IReadOnlyList<CountRow>> CountsAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (prepared.Enabled)
        {
            return prepared.Query(SelectRequestCounts, [("@Id", id), ("@Now", TypeHandlers.FormatInstant(now))], reader => new CountRow
            {
                EngineId = reader.GetString(0), Status = reader.GetString(1), Count = reader.GetInt64(2), Overdue = reader.GetInt64(3),
            });
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<CountRow>(new CommandDefinition(SelectRequestCounts,
            new { Id = id, Now = now }, cancellationToken: cancellationToken))).ToList();
    }

    private void Remember(RequestHead head) =>
        heads.Set(HeadKey(head.Id), head, new MemoryCacheEntryOptions
        {
            Size = head.Urls.Count + 1,
            SlidingExpiration = TimeSpan.FromMinutes(30),
        });

    private static string HeadKey(string id) => "request-head:" + id;

    /// <summary>Per-engine counts of a request's items as of now, for the request just stored.</summary>
    public async Task<IReadOnlyDictionary<string, EngineSummary>> SummaryAsync(string id, string rulingId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await SummariesAsync(connection, [new RequestRow { Id = id, RulingId = rulingId }], now, cancellationToken))[id];
    }

    public async Task<(IReadOnlyList<RequestListItem> Requests, long? Next)> ListAsync(
        string? organisation, string? rulingId, string? state, long before, int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<RequestRow>(new CommandDefinition(SelectRequestPage + database.Dialect.Limit("@Limit"),
            new { Organisation = organisation, RulingId = rulingId, State = state, Before = before, Limit = limit + 1 },
            cancellationToken: cancellationToken))).ToList();
        var page = rows.Take(limit).ToList();
        var summaries = await SummariesAsync(connection, page, now, cancellationToken);
        var items = page.Select(r => new RequestListItem(r.Id, r.RulingId, r.OrganisationId, r.ClientReference, r.SubmittedAt,
            r.Deadline, r.UrlCount, summaries[r.Id], RequestStates.Of(summaries[r.Id]))).ToList();
        return (items, rows.Count > limit ? page[^1].Seq : null);
    }

    /// <summary>The request's items, or null when the caller may not see the request.</summary>
    public async Task<(IReadOnlyList<ItemRow> Items, RequestItemsCursor? Next)?> ItemsAsync(
        string id, string? organisation, string? engine, string? status, RequestItemsCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await VisibleAsync(connection, id, organisation, cancellationToken)) return null;
        var rows = (await connection.QueryAsync<ItemRow>(new CommandDefinition(SelectRequestItems + database.Dialect.Limit("@Limit"),
            new
            {
                Id = id, Engine = engine, Status = status, AfterPosition = after?.Position ?? -1, AfterEngine = after?.Engine ?? "", Limit = limit + 1,
            }, cancellationToken: cancellationToken))).ToList();
        var page = rows.Take(limit).ToList();
        return (page, rows.Count > limit ? new RequestItemsCursor(page[^1].Position, page[^1].EngineId) : null);
    }

    public async Task<(IReadOnlyList<EventContract> Events, long? Next)?> EventsAsync(
        string id, string? organisation, long after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await VisibleAsync(connection, id, organisation, cancellationToken)) return null;
        var rows = (await connection.QueryAsync<EventRow>(new CommandDefinition(SelectEvents + database.Dialect.Limit("@Limit"),
            new { Id = id, After = after, Limit = limit + 1 }, cancellationToken: cancellationToken))).ToList();
        var page = rows.Take(limit).ToList();
        return (page.Select(e => new EventContract(e.Id, e.Type, e.At, new ActorContract(e.KeyId, e.Role), e.ItemId, e.EngineId,
            e.FromStatus, e.ToStatus, e.Reason)).ToList(), rows.Count > limit ? page[^1].Seq : null);
    }

    private static async Task<bool> VisibleAsync(DbConnection connection, string id, string? organisation, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountVisibleRequest,
            new { Id = id, Organisation = organisation }, cancellationToken: cancellationToken)) > 0;

    private static async Task<Dictionary<string, IReadOnlyDictionary<string, EngineSummary>>> SummariesAsync(
        DbConnection connection, IReadOnlyList<RequestRow> requests, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, EngineSummary>>();
        if (requests.Count == 0) return result;
        var engines = (await connection.QueryAsync<(string RulingId, string EngineId)>(new CommandDefinition(SelectRulingEngines,
            new { RulingIds = requests.Select(r => r.RulingId).Distinct().ToArray() }, cancellationToken: cancellationToken)))
            .ToLookup(e => e.RulingId, e => e.EngineId);
        var counts = (await connection.QueryAsync<CountRow>(new CommandDefinition(SelectSummaries,
            new { Ids = requests.Select(r => r.Id).ToArray(), Now = now }, cancellationToken: cancellationToken)))
            .ToLookup(c => c.RequestId);
        foreach (var request in requests)
        {
            result[request.Id] = Summarize(engines[request.RulingId], counts[request.Id]);
        }
        return result;
    }

    private static IReadOnlyDictionary<string, EngineSummary> Summarize(IEnumerable<string> engines, IEnumerable<CountRow> counts)
    {
        var summary = new SortedDictionary<string, EngineSummary>(StringComparer.Ordinal);
        foreach (var engine in engines) summary[engine] = new EngineSummary(0, 0, 0, 0, 0);
        foreach (var row in counts)
        {
            var current = summary.GetValueOrDefault(row.EngineId) ?? new EngineSummary(0, 0, 0, 0, 0);
            summary[row.EngineId] = row.Status switch
            {
                ItemStatus.Pending => current with { Pending = current.Pending + row.Count },
                ItemStatus.Acknowledged => current with { Acknowledged = current.Acknowledged + row.Count },
                ItemStatus.Delisted => current with { Delisted = current.Delisted + row.Count },
                _ => current with { Rejected = current.Rejected + row.Count },
            } with { Overdue = current.Overdue + row.Overdue };
        }
        return summary;
    }

    private sealed class RequestRow
    {
        public long Seq { get; init; }
        public string Id { get; init; } = "";
        public string RulingId { get; init; } = "";
        public string OrganisationId { get; init; } = "";
        public string? ClientReference { get; init; }
        public DateTimeOffset SubmittedAt { get; init; }
        public DateTimeOffset Deadline { get; init; }
        public long UrlCount { get; init; }
    }

    private sealed class UrlRow
    {
        public string Url { get; init; } = "";
        public string NoticeId { get; init; } = "";
        public string Site { get; init; } = "";
        public bool AlreadyRequested { get; init; }
    }

    private sealed class CountRow
    {
        public string RequestId { get; init; } = "";
        public string EngineId { get; init; } = "";
        public string Status { get; init; } = "";
        public long Count { get; init; }
        public long Overdue { get; init; }
    }

    private sealed class EventRow
    {
        public long Seq { get; init; }
        public string Id { get; init; } = "";
        public string Type { get; init; } = "";
        public DateTimeOffset At { get; init; }
        public string KeyId { get; init; } = "";
        public string Role { get; init; } = "";
        public string? ItemId { get; init; }
        public string? EngineId { get; init; }
        public string? FromStatus { get; init; }
        public string? ToStatus { get; init; }
        public string? Reason { get; init; }
    }
}
