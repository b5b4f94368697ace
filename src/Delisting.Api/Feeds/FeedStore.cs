using Delisting.Api.Data;
using Delisting.Api.Domain;
using Delisting.Api.Changes;
using Delisting.Api.Engines;

namespace Delisting.Api.Feeds;

/// <summary>Where a reader of a feed stands: after row <see cref="Seq"/>, and within an expanded row after <see cref="Position"/>.</summary>
public readonly record struct FeedCursor(long Seq, long Position)
{
    public static readonly FeedCursor Start = new(0, -1);

    public override string ToString() => FormattableString.Invariant($"{Seq}:{Position}");

    public static bool TryParse(string text, out FeedCursor cursor)
    {
        cursor = Start;
        var colon = text.IndexOf(':');
        if (colon < 1 || !long.TryParse(text.AsSpan(0, colon), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var seq)
            || !long.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.AllowLeadingSign,
                System.Globalization.CultureInfo.InvariantCulture, out var position)
            || position < -1)
        {
            return false;
        }
        cursor = new FeedCursor(seq, position);
        return true;
    }
}

/// <summary>A feed row with the notice it is about, when it is about one.</summary>
public sealed class FeedChangeRow
{
    public long Seq { get; init; }
    public string Id { get; init; } = "";
    public string Type { get; init; } = "";
    public DateTimeOffset At { get; init; }
    public string RulingId { get; init; } = "";
    public string? EngineId { get; init; }
    public string? OrganisationId { get; init; }
    public string? RequestId { get; init; }
    public string? FromStatus { get; init; }
    public string? ToStatus { get; init; }
    public string? ReasonCode { get; init; }
    public string? Reason { get; init; }
    public string? EngineReference { get; init; }
    public string? ExtensionId { get; init; }
    public string? MirrorReportId { get; init; }
    public long? MoveBatch { get; init; }
    public DateTimeOffset? LapsesAt { get; init; }

    /// <summary>For ruling-lapsing, the sites as a JSON array of domains.</summary>
    public string? LapseSites { get; init; }
    public long? OpenItems { get; init; }
    public string? NoticeId { get; init; }
    public string? Url { get; init; }
    public string? Site { get; init; }
    public DateTimeOffset? Deadline { get; init; }
    public DateTimeOffset? ObligationEndsAt { get; init; }
    public long Position { get; init; } = -1;

    /// <summary>The item as the event left it, judged at the event's instant.</summary>
    public ItemContract? Item(string status) => NoticeId is null || EngineId is null ? null : new ItemRow
    {
        EngineId = EngineId, Url = Url!, Site = Site!, RulingId = RulingId, NoticeId = NoticeId, Status = status, Deadline = Deadline!.Value,
        Reason = Reason, EngineReference = EngineReference, UpdatedAt = At, ObligationEndsAt = ObligationEndsAt,
    }.ToContract(At);
}

/// <summary>
/// Reads the feeds: rows after a cursor, items-created rows expanded into one event per new item, rows of a batch of claim
/// moves into one event per item moved.
/// </summary>
public sealed class FeedStore(Database database)
{
    private const string RowColumns = """
        c.seq, c.id, c.type, c.at, c.ruling_id, c.engine_id, c.organisation_id, c.request_id, c.from_status, c.to_status,
               c.reason_code, c.reason, c.engine_reference, c.extension_id, c.mirror_report_id, c.move_batch, c.lapses_at, c.lapse_sites,
                   c.open_items,
               n.id AS notice_id, n.url, n.site, n.deadline, n.obligation_ends_at
        """;

    private const string SelectEngineRows = $"""
        SELECT {RowColumns}
        FROM changes c LEFT JOIN notices n ON n.seq = c.notice_seq
        WHERE c.feed = 'engine' AND c.engine_id = @Reader AND c.seq >= @AfterSeq
        ORDER BY c.seq
        """;

    private const string SelectOrganisationRows = $"""
        SELECT {RowColumns}
        FROM changes c LEFT JOIN notices n ON n.seq = c.notice_seq
        WHERE c.feed = 'organisation' AND c.organisation_id = @Reader AND c.seq >= @AfterSeq
        ORDER BY c.seq
        """;

    // The items a request created: its URLs that were new, in their order.
    private const string SelectCreated = """
        SELECT ru.position, n.id AS notice_id, n.url, n.site, n.deadline, n.obligation_ends_at
        FROM request_urls ru JOIN notices n ON n.id = ru.notice_id
        WHERE ru.request_id = @RequestId AND ru.already_requested = 0 AND ru.position > @AfterPosition
        ORDER BY ru.position
        """;

    // The items of a batch of claim moves that led one engine's items to one status, in the order of their notices.
    private const string SelectMoved = """
        SELECT m.notice_seq AS position, m.from_status, m.to_status, n.id AS notice_id, n.url, n.site, n.deadline, n.obligation_ends_at
        FROM claim_moves m JOIN notices n ON n.seq = m.notice_seq
        WHERE m.batch_id = @MoveBatch AND m.engine_id = @EngineId AND m.to_status = @ToStatus AND m.notice_seq > @AfterPosition
        ORDER BY m.notice_seq
        """;

    /// <summary>A row that stands for many events, one per item, each at its own position within the row.</summary>
    private static bool Expanded(FeedChangeRow row) => row.Type == "items-created" || row.MoveBatch is not null;

    /// <summary>
    /// Up to <paramref name="limit"/> events after the cursor, each a row or one item of an expanded row, and the cursor after them.</summary>
    public async Task<(IReadOnlyList<(FeedChangeRow Row, long Position)> Events, FeedCursor Next)> ReadAsync(
        bool engineFeed, string reader, FeedCursor after, int limit, CancellationToken cancellationToken)
    {
        await using var session = await database.SnapshotAsync(cancellationToken);
        var (rows, _) = await session.QueryPageAsync<FeedChangeRow>(engineFeed ? SelectEngineRows : SelectOrganisationRows,
            new { Reader = reader, AfterSeq = after.Seq }, limit + 1);
        var events = new List<(FeedChangeRow, long)>();
        var next = after;
        foreach (var row in rows)
        {
            var partial = row.Seq == after.Seq;
            if (partial && (after.Position < 0 || !Expanded(row))) continue;
            if (!Expanded(row))
            {
                if (events.Count == limit) break;
                events.Add((row, -1));
                next = new FeedCursor(row.Seq, -1);
                continue;
            }
            if (events.Count == limit) break;
            var afterPosition = partial ? after.Position : -1;
            var (created, more) = row.MoveBatch is null
                ? await session.QueryPageAsync<FeedChangeRow>(SelectCreated,
                    new { row.RequestId, AfterPosition = afterPosition }, limit - events.Count)
                : await session.QueryPageAsync<FeedChangeRow>(SelectMoved,
                    new { row.MoveBatch, row.EngineId, row.ToStatus, AfterPosition = afterPosition }, limit - events.Count);
            foreach (var item in created)
            {
                events.Add((new FeedChangeRow
                {
                    Seq = row.Seq, Id = FormattableString.Invariant($"{row.Id}-{item.Position}"),
                        Type = row.MoveBatch is null ? FeedEventTypes.ItemCreated : row.Type,
                    At = row.At, RulingId = row.RulingId, EngineId = row.EngineId, RequestId = row.RequestId, Reason = row.Reason,
                    FromStatus = item.FromStatus, ToStatus = item.ToStatus ?? ItemStatus.Pending,
                    NoticeId = item.NoticeId, Url = item.Url, Site = item.Site, Deadline = item.Deadline, ObligationEndsAt = item.ObligationEndsAt,
                }, item.Position));
            }
            next = more ? new FeedCursor(row.Seq, created[^1].Position) : new FeedCursor(row.Seq, -1);
            if (more || events.Count == limit) break;
        }
        return (events, next);
    }
}
