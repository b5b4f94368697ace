using Delisting.Api.Data;
using Delisting.Api.Http;

namespace Delisting.Api.Changes;

/// <summary>
/// Writes feed rows inside the write session of the change they describe (the outbox). Each method first orders the
/// session among feed writers (<see cref="DbSession.OrderChangesAsync"/>): call it early in the transaction.
/// </summary>
public static class ChangeWriter
{
    private const string Insert = """
        INSERT INTO changes (id, feed, type, at, ruling_id, engine_id, organisation_id, request_id, notice_seq, from_status, to_status,
                             reason_code, reason, engine_reference, extension_id, mirror_report_id, lapses_at, lapse_sites, open_items)
        VALUES (@Id, @Feed, @Type, @At, @RulingId, @EngineId, @OrganisationId, @RequestId, @NoticeSeq, @FromStatus, @ToStatus,
                @ReasonCode, @Reason, @EngineReference, @ExtensionId, @MirrorReportId, @LapsesAt, @LapseSites, @OpenItems)
        """;

    // An engine's reports, from the changes a batch of responses staged (Engines.ResponsesStore): one row per change and
    // organisation that claims the URL (a request of it named the URL), so each hears of the report once; in the batch's
    // order.
    private const string InsertStatusChanged = """
        INSERT INTO changes (id, feed, type, at, ruling_id, engine_id, organisation_id, notice_seq, from_status, to_status, reason_code, reason,
            engine_reference)
        SELECT c.change_id, 'organisation', 'status-changed', @At, c.ruling_id, c.engine_id, c.organisation_id, c.notice_seq, c.from_status,
               c.to_status, c.reason_code, c.reason, c.event_reference
        FROM (SELECT DISTINCT s.position, s.change_id, n.ruling_id, s.engine_id, r.organisation_id, s.notice_seq, s.from_status, s.to_status,
                     s.reason_code, s.reason, s.event_reference
              FROM response_changes s JOIN notices n ON n.seq = s.notice_seq
                   JOIN request_urls ru ON ru.notice_id = n.id JOIN requests r ON r.id = ru.request_id
              WHERE s.batch_id = @Batch) c
        ORDER BY c.position, c.organisation_id
        """;

    /// <summary>Takes this session's place among feed writers. Call it before the session's first change to items.</summary>
    public static Task BeginAsync(DbSession session) => session.OrderChangesAsync();

    /// <summary>
    /// A write session with its place among feed writers; or, when <paramref name="lookOnly"/> (a body refused already,
    /// whose other faults are only named), a snapshot that never waits for the writer nor holds it.
    /// </summary>
    public static async Task<DbSession> OpenAsync(Database database, bool lookOnly, CancellationToken cancellationToken)
    {
        if (lookOnly) return await database.SnapshotAsync(cancellationToken);
        var session = await database.WriteAsync(cancellationToken);
        try
        {
            await BeginAsync(session);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>A request created items for these engines: one row each, expanded into item-created events when read.</summary>
    public static async Task ItemsCreatedAsync(DbSession session, string rulingId, string requestId, IEnumerable<string> engines, DateTimeOffset at)
    {
        await session.OrderChangesAsync();
        await session.ExecuteAsync(Insert, engines.Select(engine => Row("engine", "items-created", at, rulingId) with { EngineId = engine,
            RequestId = requestId }));
    }

    /// <summary>The organisations' status-changed rows of a batch of responses staged in `response_changes` under <paramref name="batch"/>.</summary>
    public static async Task StatusChangedAsync(DbSession session, long batch, DateTimeOffset at)
    {
        await session.OrderChangesAsync();
        await session.ExecuteAsync(InsertStatusChanged, new { Batch = batch, At = at });
    }

    private static readonly string[] ItemEventColumns = ["id", "feed", "type", "at", "ruling_id", "engine_id", "notice_seq", "from_status",
        "to_status", "reason"];

    /// <summary>
    /// Item events an engine must hear of: item-reopened, item-withdrawn, relist-requested (a withdrawal moves 40,000 at once: bulk).</summary>
    public static async Task ItemEventsAsync(DbSession session, string type, IEnumerable<(string RulingId, long NoticeSeq, string Engine, string From,
        string To)> items,
        DateTimeOffset at, string? reason)
    {
        await session.OrderChangesAsync();
        await session.BulkInsertAsync("changes", ItemEventColumns, items.Select(i => new object?[]
        {
            Ids.New("evt"), "engine", type, at, i.RulingId, i.Engine, i.NoticeSeq, i.From, i.To, reason,
        }));
    }

    // The moves of a batch (see Withdrawals.ClaimMoves): one row per engine and status reached, standing for those items
    // (expanded into one event each when read); in the order of each group's first item.
    private const string InsertItemMoves = $"""
        INSERT INTO changes (id, feed, type, at, ruling_id, engine_id, to_status, reason, move_batch)
        SELECT CONCAT(@IdPrefix, m.engine_id, '-', m.to_status), 'engine', {FeedEventTypes.ForMoveSql}, @At, @RulingId, m.engine_id,
               m.to_status, @Reason, @Batch
        FROM (SELECT engine_id, to_status, MIN(notice_seq) AS first_seq FROM claim_moves WHERE batch_id = @Batch GROUP BY engine_id, to_status) m
        ORDER BY m.first_seq, m.engine_id
        """;

    /// <summary>The engine feed rows of a batch of claim moves (item-withdrawn, relist-requested, item-reopened), written by the database.</summary>
    public static async Task ItemMovesAsync(DbSession session, long batch, string rulingId, DateTimeOffset at, string? reason)
    {
        await session.OrderChangesAsync();
        await session.ExecuteAsync(InsertItemMoves, new { Batch = batch, IdPrefix = Ids.New("evt") + "-", RulingId = rulingId, At = at,
            Reason = reason });
    }

    public static async Task RulingExtendedAsync(DbSession session, string rulingId, IEnumerable<string> engines, string extensionId,
        DateTimeOffset at)
    {
        await session.OrderChangesAsync();
        await session.ExecuteAsync(Insert, engines.Select(engine => Row("engine", "ruling-extended", at, rulingId) with { EngineId = engine,
            ExtensionId = extensionId }));
    }

    public static async Task MirrorReportDecidedAsync(DbSession session, string rulingId, string organisation, string reportId, string decision,
        string? reason, string? extensionId, DateTimeOffset at)
    {
        await session.OrderChangesAsync();
        await session.ExecuteAsync(Insert, Row("organisation", "mirror-report-decided", at, rulingId) with
        {
            OrganisationId = organisation, MirrorReportId = reportId, FromStatus = "reported", ToStatus = decision, Reason = reason,
                ExtensionId = extensionId,
        });
    }

    /// <summary>
    /// A ruling-lapsing event for each reader (feed "engine" or "organisation", its id, its open items on the sites);
    /// returns the event ids in the readers' order.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RulingLapsingAsync(DbSession session, string rulingId, DateTimeOffset lapsesAt,
        IReadOnlyList<string> sites, IReadOnlyList<(string Feed, string Reader, long OpenItems)> readers, DateTimeOffset at)
    {
        await session.OrderChangesAsync();
        var siteList = System.Text.Json.JsonSerializer.Serialize(sites);
        var rows = readers.Select(r => Row(r.Feed, FeedEventTypes.RulingLapsing, at, rulingId) with
        {
            EngineId = r.Feed == "engine" ? r.Reader : null, OrganisationId = r.Feed == "organisation" ? r.Reader : null,
            LapsesAt = lapsesAt, LapseSites = siteList, OpenItems = r.OpenItems,
        }).ToList();
        await session.ExecuteAsync(Insert, rows);
        return rows.Select(r => r.Id).ToList();
    }

    private static NewChangeRow Row(string feed, string type, DateTimeOffset at, string rulingId) => new(Ids.New("evt"), feed, type, at, rulingId);

    private sealed record NewChangeRow(string Id, string Feed, string Type, DateTimeOffset At, string RulingId)
    {
        public string? EngineId { get; init; }
        public string? OrganisationId { get; init; }
        public string? RequestId { get; init; }
        public long? NoticeSeq { get; init; }
        public string? FromStatus { get; init; }
        public string? ToStatus { get; init; }
        public string? ReasonCode { get; init; }
        public string? Reason { get; init; }
        public string? EngineReference { get; init; }
        public string? ExtensionId { get; init; }
        public string? MirrorReportId { get; init; }
        public DateTimeOffset? LapsesAt { get; init; }
        public string? LapseSites { get; init; }
        public long? OpenItems { get; init; }
    }
}
