using Delisting.Api.Data;
using Delisting.Api.Domain;
using Delisting.Api.Withdrawals;
using Delisting.Api.Http;
using Delisting.Api.Engines;

namespace Delisting.Api.Requests;

/// <summary>
/// Reads requests, their items and their audit trail. Every statement is scoped by the caller's organisation
/// (@Organisation is null for an admin), so an organisation never reads another's request.
/// </summary>
public sealed class RequestsReader(Database database, RequestHeads heads)
{
    // From a request's URLs to their items: every count and state below goes this way.
    private const string UrlsToItems = "request_urls ru JOIN notices n ON n.id = ru.notice_id JOIN items i ON i.notice_seq = n.seq";

    private const string CountColumns = ItemSql.CountColumns;

    private const string CountVisibleRequest = """
        SELECT COUNT(*) FROM requests r
        WHERE r.id = @Id AND (@Organisation IS NULL OR r.organisation_id = @Organisation)
        """;

    // GET /v1/requests/{id} in one round trip: the request, its URLs, its ruling's engines, its counts.
    private const string SelectRequestWhole = $"""
        SELECT r.id, r.ruling_id, r.organisation_id, r.client_reference, r.submitted_at, r.deadline
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
        SELECT {CountColumns}
        FROM {UrlsToItems} JOIN requests r ON r.id = ru.request_id
        WHERE r.id = @Id AND (@Organisation IS NULL OR r.organisation_id = @Organisation)
        GROUP BY i.engine_id, i.status;
        SELECT c.sha256, c.url, c.captured_at, c.media_type, c.description
        FROM evidence_captures c JOIN requests r ON r.id = c.request_id
        WHERE r.id = @Id AND (@Organisation IS NULL OR r.organisation_id = @Organisation)
        ORDER BY c.position
        """;

    // The live part of a status read once the head is known (and its organisation checked against the caller).
    internal const string SelectRequestCounts = $"""
        SELECT {CountColumns}
        FROM {UrlsToItems}
        WHERE ru.request_id = @Id
        GROUP BY i.engine_id, i.status
        """;

    private const string SelectSummaries = $"""
        SELECT ru.request_id, {CountColumns}
        FROM {UrlsToItems}
        WHERE ru.request_id IN @Ids
        GROUP BY ru.request_id, i.engine_id, i.status
        """;

    private const string SelectRulingEngines = "SELECT ruling_id, engine_id FROM ruling_engines WHERE ruling_id IN @RulingIds";

    // Newest first; a request is open while some item is active (open, the order still binding).
    private const string SelectRequestPage = $"""
        SELECT r.seq, r.id, r.ruling_id, r.organisation_id, r.client_reference, r.submitted_at, r.deadline,
               (SELECT COUNT(*) FROM request_urls ru WHERE ru.request_id = r.id) AS url_count
        FROM requests r
        WHERE (@Organisation IS NULL OR r.organisation_id = @Organisation)
          AND (@RulingId IS NULL OR r.ruling_id = @RulingId)
          AND (@Before = 0 OR r.seq < @Before)
          AND (@State IS NULL
               OR (@State = 'open' AND EXISTS (SELECT 1 FROM {UrlsToItems}
                                               WHERE ru.request_id = r.id AND {ItemSql.IsActive}))
               OR (@State = 'closed' AND NOT EXISTS (SELECT 1 FROM {UrlsToItems}
                                                     WHERE ru.request_id = r.id AND {ItemSql.IsActive})))
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

    // The request's own events (submitted, its withdrawals, the URLs it reopened), then those of its URLs' notices that
    // belong to no one request (engine reports, moves of items, an admin's withdrawal): those are in the trail of
    // every request that claims the URL. Moves of claims are derived from their anchors (MoveEvents) at the anchor's
    // place, by notice and engine; a stored event sorts first at its own place (it is alone there).
    private const string SelectEvents = $"""
        SELECT seq, sub_notice, sub_engine, id, type, at, key_id, role, notice_id, item_id, engine_id, from_status, to_status, reason_code, reason
            FROM (
            SELECT e.seq, -1 AS sub_notice, '' AS sub_engine, e.id, e.type, e.at, e.key_id, e.role, e.notice_id, e.item_id, e.engine_id,
                   e.from_status, e.to_status, e.reason_code, e.reason
            FROM events e WHERE e.request_id = @Id AND e.seq >= @After
            UNION ALL
            SELECT e.seq, -1, '', e.id, e.type, e.at, e.key_id, e.role, e.notice_id, e.item_id, e.engine_id, e.from_status, e.to_status,
                e.reason_code, e.reason
            FROM request_urls ru
            JOIN events e ON e.notice_id = ru.notice_id
            WHERE ru.request_id = @Id AND e.request_id IS NULL AND e.seq >= @After
            UNION ALL
            SELECT a.seq, m.notice_seq, m.engine_id, {MoveEvents.Id}, a.type, a.at, a.key_id, a.role, n.id, {MoveEvents.ItemId}, m.engine_id,
                   m.from_status, m.to_status, NULL, a.reason
            FROM request_urls ru
            JOIN notices n ON n.id = ru.notice_id
            {MoveEvents.Join}
            WHERE ru.request_id = @Id AND a.seq >= @After
        ) trail
        WHERE seq > @After OR (seq = @After AND (sub_notice > @AfterNotice OR (sub_notice = @AfterNotice AND sub_engine > @AfterEngine)))
        ORDER BY seq, sub_notice, sub_engine
        """;

    /// <summary>A request with its summary as of now: its head from memory when known, then one scoped count query.</summary>
    public async Task<RequestContract?> GetAsync(string id, string? organisation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var head = heads.Find(id);
        IReadOnlyDictionary<string, EngineSummary> summary;
        if (head is not null)
        {
            if (organisation is not null && head.OrganisationId != organisation) return null;
            summary = EngineSummary.ByEngine(head.Engines, await database.QueryHotAsync<StatusCount>(SelectRequestCounts, new { Id = id, Now = now },
                cancellationToken));
        }
        else
        {
            await using var session = await database.OpenAsync(cancellationToken);
            await using var results = await session.QueryMultipleAsync(SelectRequestWhole, new { Id = id, Organisation = organisation, Now = now });
            var request = await results.ReadSingleOrDefaultAsync<RequestRow>();
            var urls = (await results.ReadAsync<UrlRow>()).Select(u => new RequestUrlContract(u.Url, u.NoticeId, u.Site,
                u.AlreadyRequested)).ToList();
            var engines = (await results.ReadAsync<string>()).ToList();
            var counts = (await results.ReadAsync<StatusCount>()).ToList();
            var captures = (await results.ReadAsync<Evidence.Captures.Row>()).Select(c => c.ToContract()).ToList();
            if (request is null) return null;
            head = new RequestHead(request.Id, request.RulingId, request.OrganisationId, request.ClientReference,
                request.SubmittedAt, request.Deadline, urls, engines, captures);
            heads.Keep(head);
            summary = EngineSummary.ByEngine(engines, counts);
        }
        return new RequestContract(head.Id, head.RulingId, head.OrganisationId, head.ClientReference,
            head.SubmittedAt, head.Deadline, head.Urls, summary, RequestStates.Of(summary)) { Captures = head.Captures };
    }

    public async Task<(IReadOnlyList<RequestListItem> Requests, long? Next)> ListAsync(
        string? organisation, string? rulingId, string? state, long before, int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        var (page, more) = await session.QueryPageAsync<RequestRow>(SelectRequestPage,
            new { Organisation = organisation, RulingId = rulingId, State = state, Before = before, Now = now }, limit);
        if (page.Count == 0) return ([], null);
        var engines = (await session.QueryByKeysAsync<(string RulingId, string EngineId), string>(SelectRulingEngines, "RulingIds",
            page.Select(r => r.RulingId).Distinct())).ToLookup(e => e.RulingId, e => e.EngineId);
        var counts = (await session.QueryByKeysAsync<RequestCount, string>(SelectSummaries, "Ids", page.Select(r => r.Id), new { Now = now }))
            .ToLookup(c => c.RequestId);
        var items = page.Select(r =>
        {
            var summary = EngineSummary.ByEngine(engines[r.RulingId], counts[r.Id]);
            return new RequestListItem(r.Id, r.RulingId, r.OrganisationId, r.ClientReference, r.SubmittedAt, r.Deadline, r.UrlCount,
                summary, RequestStates.Of(summary));
        }).ToList();
        return (items, more ? page[^1].Seq : null);
    }

    /// <summary>The request's items, or null when the caller may not see the request.</summary>
    public async Task<(IReadOnlyList<ItemRow> Items, RequestItemsCursor? Next)?> ItemsAsync(
        string id, string? organisation, string? engine, string? status, RequestItemsCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        if (!await VisibleAsync(session, id, organisation)) return null;
        var (page, more) = await session.QueryPageAsync<ItemRow>(SelectRequestItems, new
        {
            Id = id, Engine = engine, Status = status, AfterPosition = after?.Position ?? -1, AfterEngine = after?.Engine ?? "",
        }, limit);
        return (page, more ? new RequestItemsCursor(page[^1].Position, page[^1].EngineId) : null);
    }

    public async Task<(IReadOnlyList<EventContract> Events, RequestEventsCursor? Next)?> EventsAsync(
        string id, string? organisation, RequestEventsCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        if (!await VisibleAsync(session, id, organisation)) return null;
        var (page, more) = await session.QueryPageAsync<EventRow>(SelectEvents,
            new { Id = id, After = after?.Seq ?? 0, AfterNotice = after?.Notice ?? long.MaxValue, AfterEngine = after?.Engine ?? "" }, limit);
        return (page.Select(e => new EventContract(e.Id, e.Type, e.At, new ActorContract(e.KeyId, e.Role), e.NoticeId, e.ItemId, e.EngineId,
            e.FromStatus, e.ToStatus, e.ReasonCode, e.Reason)).ToList(), more ? new RequestEventsCursor(page[^1].Seq, page[^1].SubNotice,
                page[^1].SubEngine) : null);
    }

    private static async Task<bool> VisibleAsync(DbSession session, string id, string? organisation) =>
        await session.ScalarAsync<long>(CountVisibleRequest, new { Id = id, Organisation = organisation }) > 0;

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

    private sealed class RequestCount : StatusCount
    {
        public string RequestId { get; init; } = "";
    }

    private sealed class UrlRow
    {
        public string Url { get; init; } = "";
        public string NoticeId { get; init; } = "";
        public string Site { get; init; } = "";
        public bool AlreadyRequested { get; init; }
    }

    private sealed class EventRow
    {
        public long Seq { get; init; }
        public long SubNotice { get; init; }
        public string SubEngine { get; init; } = "";
        public string Id { get; init; } = "";
        public string Type { get; init; } = "";
        public DateTimeOffset At { get; init; }
        public string KeyId { get; init; } = "";
        public string Role { get; init; } = "";
        public string? NoticeId { get; init; }
        public string? ItemId { get; init; }
        public string? EngineId { get; init; }
        public string? FromStatus { get; init; }
        public string? ToStatus { get; init; }
        public string? ReasonCode { get; init; }
        public string? Reason { get; init; }
    }
}
