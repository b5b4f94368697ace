using Delisting.Api.Data;
using Delisting.Api.Withdrawals;

namespace Delisting.Api.Compliance;

/// <summary>A notice of the ruling as stored when it was created (its deadline may have been reset since: see <see cref="DeadlineRow"/>).</summary>
public sealed class ExportNotice
{
    public long Seq { get; init; }
    public string Id { get; init; } = "";
    public byte[] UrlHash { get; init; } = [];
    public string Url { get; init; } = "";
    public string Site { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset Deadline { get; init; }
    public DateTimeOffset? ObligationEndsAt { get; init; }
}

/// <summary>A status-changed event of an item, as the export folds it.</summary>
public sealed class HistoryRow
{
    public long NoticeSeq { get; init; }
    public string EngineId { get; init; } = "";
    public DateTimeOffset At { get; init; }
    public string Role { get; init; } = "";
    public string FromStatus { get; init; } = "";
    public string ToStatus { get; init; } = "";
    public string? ReasonCode { get; init; }
    public string? Reason { get; init; }
    public string? EngineReference { get; init; }
}

/// <summary>A claim on a notice that was running at the export's instant.</summary>
public sealed class ClaimRow
{
    public long NoticeSeq { get; init; }
    public string OrganisationId { get; init; } = "";
}

/// <summary>A reset of a notice's deadline by a new claim on its withdrawn URL.</summary>
public sealed class DeadlineRow
{
    public long NoticeSeq { get; init; }
    public DateTimeOffset At { get; init; }
    public DateTimeOffset PreviousDeadline { get; init; }
    public DateTimeOffset Deadline { get; init; }
}

/// <summary>One page of a ruling's notices with everything the export needs about them, read up to the export's instant.</summary>
public sealed record ExportPage(IReadOnlyList<ExportNotice> Notices, ILookup<long, string> Engines, ILookup<long, HistoryRow> History,
    ILookup<long, ClaimRow> Claims, ILookup<long, DeadlineRow> Deadlines, bool More);

/// <summary>
/// Reads a ruling's history for the compliance export, a page of notices at a time in the order of their URL hash
/// (the ruling's unique index, so each page is one index range on either provider). Only append-only facts are read,
/// each up to the instant asked for: notices created by then, events at or before it, claims running at it, and
/// deadline resets made by then. A later change cannot alter what an instant already passed reads.
/// </summary>
public sealed class ExportStore(Database database)
{
    /// <summary>
    /// Notices per page: about 1,000 rows with four engines; larger pages hold more memory without being faster (the
    /// benchmark's export case shows both).</summary>
    public const int PageSize = 250;

    // A page of the ruling's notices by URL hash; the first page starts after the empty hash, below every SHA-256.
    private const string SelectNotices = """
        SELECT n.seq, n.id, n.url_hash, n.url, n.site, n.created_at, n.deadline, n.obligation_ends_at
        FROM notices n
        WHERE n.ruling_id = @RulingId AND n.url_hash > @After AND n.created_at <= @AsOf
        ORDER BY n.url_hash
        """;

    // The page's notices are those of the ruling whose hash lies in [First, Last]: each query below is one range.
    private const string InPage = "n.ruling_id = @RulingId AND n.url_hash >= @First AND n.url_hash <= @Last AND n.created_at <= @AsOf";

    private const string SelectItems = $"""
        SELECT i.notice_seq, i.engine_id
        FROM notices n JOIN items i ON i.notice_seq = n.seq
        WHERE {InPage} AND (@Engine IS NULL OR i.engine_id = @Engine)
        """;

    // Stored status-changed events, and those derived from claim moves (MoveEvents), in the order they happened.
    private const string SelectHistory = $"""
        SELECT notice_seq, engine_id, at, role, from_status, to_status, reason_code, reason, engine_reference FROM (
            SELECT e.seq, n.seq AS notice_seq, e.engine_id, e.at, e.role, e.from_status, e.to_status, e.reason_code, e.reason, e.engine_reference
            FROM notices n JOIN events e ON e.notice_id = n.id
            WHERE {InPage} AND e.type = 'status-changed' AND e.at <= @AsOf AND (@Engine IS NULL OR e.engine_id = @Engine)
            UNION ALL
            SELECT a.seq, n.seq, m.engine_id, a.at, a.role, m.from_status, m.to_status, NULL, a.reason, NULL
            FROM notices n {MoveEvents.Join}
            WHERE {InPage} AND a.at <= @AsOf AND (@Engine IS NULL OR m.engine_id = @Engine)
        ) history
        ORDER BY seq
        """;

    private const string SelectClaims = $"""
        SELECT DISTINCT n.seq AS notice_seq, r.organisation_id
        FROM notices n JOIN request_urls u ON u.notice_id = n.id JOIN requests r ON r.id = u.request_id
        WHERE {InPage} AND r.submitted_at <= @AsOf AND (u.withdrawn_at IS NULL OR u.withdrawn_at > @AsOf)
        """;

    private const string SelectDeadlines = $"""
        SELECT d.notice_seq, d.at, d.previous_deadline, d.deadline
        FROM notices n JOIN notice_deadlines d ON d.notice_seq = n.seq
        WHERE {InPage}
        ORDER BY d.seq
        """;

    /// <summary>
    /// Reads the ruling's pages one after another on one connection, without a transaction: the facts read are fixed
    /// once their instant has passed, so no snapshot needs to be held for the whole export (and one connection's
    /// page cache is all the export warms, not that of every pooled connection in turn).
    /// </summary>
    public async IAsyncEnumerable<ExportPage> PagesAsync(string rulingId, string? engine, DateTimeOffset asOf,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        var after = Array.Empty<byte>();
        while (true)
        {
            var page = await ReadPageAsync(session, rulingId, engine, asOf, after);
            if (page.Notices.Count > 0) yield return page;
            if (!page.More) yield break;
            after = page.Notices[^1].UrlHash;
        }
    }

    private static async Task<ExportPage> ReadPageAsync(DbSession session, string rulingId, string? engine, DateTimeOffset asOf, byte[] after)
    {
        var (notices, more) = await session.QueryPageAsync<ExportNotice>(SelectNotices, new { RulingId = rulingId, AsOf = asOf, After = after },
            PageSize);
        if (notices.Count == 0) return new ExportPage([], Empty<string>(), Empty<HistoryRow>(), Empty<ClaimRow>(), Empty<DeadlineRow>(), more);

        var range = new { RulingId = rulingId, AsOf = asOf, First = notices[0].UrlHash, Last = notices[^1].UrlHash, Engine = engine };
        var items = await session.QueryAsync<ItemKey>(SelectItems, range);
        var history = await session.QueryAsync<HistoryRow>(SelectHistory, range);
        var claims = await session.QueryAsync<ClaimRow>(SelectClaims, range);
        var deadlines = await session.QueryAsync<DeadlineRow>(SelectDeadlines, range);
        return new ExportPage(notices, items.ToLookup(i => i.NoticeSeq, i => i.EngineId), history.ToLookup(h => h.NoticeSeq),
            claims.ToLookup(c => c.NoticeSeq), deadlines.ToLookup(d => d.NoticeSeq), more);
    }

    private static ILookup<long, T> Empty<T>() => Array.Empty<T>().ToLookup(_ => 0L);

    private sealed class ItemKey
    {
        public long NoticeSeq { get; init; }
        public string EngineId { get; init; } = "";
    }
}
