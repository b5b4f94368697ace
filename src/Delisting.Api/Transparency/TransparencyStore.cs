using Delisting.Api.Data;
using Delisting.Api.Domain;
using Delisting.Api.Engines;
using Delisting.Api.Rulings;

namespace Delisting.Api.Transparency;

/// <summary>
/// A ruling's public figures, per engine: the database counts the items of each creation instant (the URLs of one
/// request share it) by outcome, with the item rules of <see cref="ItemSql"/>, reading the ruling's notices in
/// creation order (migration 0018) so that nothing is sorted; the instants are then placed in months of the ruling's
/// time zone here, and the delisted items' hours to delist are read for the medians. Nothing that names a URL, a
/// request, an organisation's claim or a key is read.
/// </summary>
public sealed class TransparencyStore(Database database)
{
    private const string CountNotices = "SELECT COUNT(*) FROM notices WHERE ruling_id = @RulingId";

    private const string IsWaiting = $"i.status IN ('{ItemStatus.Pending}', '{ItemStatus.Acknowledged}')";
    private const string IsWithdrawn = $"i.status IN ('{ItemStatus.Withdrawn}', '{ItemStatus.RelistPending}', '{ItemStatus.Relisted}')";
    private const string IsRejectedAs = $"i.status = '{ItemStatus.Rejected}' AND i.reason_code = ";

    // One row per creation instant: the engine's items of the URLs first requested then, by public outcome (columns in
    // this order, read by position; the rejection codes in the order of RejectionCodes.All).
    private const string CountByCreation = $"""
        SELECT n.created_at,
               SUM(CASE WHEN {IsWaiting} THEN 1 ELSE 0 END) AS waiting,
               SUM(CASE WHEN i.status = '{ItemStatus.Delisted}' THEN 1 ELSE 0 END) AS delisted,
               SUM(CASE WHEN {IsWithdrawn} THEN 1 ELSE 0 END) AS withdrawn,
               SUM(CASE WHEN {ItemSql.IsOverdue} THEN 1 ELSE 0 END) AS overdue,
               SUM(CASE WHEN {IsRejectedAs}'{RejectionCodes.NotFound}' THEN 1 ELSE 0 END) AS not_found,
               SUM(CASE WHEN {IsRejectedAs}'{RejectionCodes.NotInIndex}' THEN 1 ELSE 0 END) AS not_in_index,
               SUM(CASE WHEN {IsRejectedAs}'{RejectionCodes.NotCovered}' THEN 1 ELSE 0 END) AS not_covered,
               SUM(CASE WHEN {IsRejectedAs}'{RejectionCodes.LawfulContent}' THEN 1 ELSE 0 END) AS lawful_content,
               SUM(CASE WHEN {IsRejectedAs}'{RejectionCodes.Duplicate}' THEN 1 ELSE 0 END) AS duplicate,
               SUM(CASE WHEN {IsRejectedAs}'{RejectionCodes.Other}' THEN 1 ELSE 0 END) AS other
        FROM notices n JOIN items i ON i.notice_seq = n.seq AND i.engine_id = @Engine
        WHERE n.ruling_id = @RulingId
        GROUP BY n.created_at
        """;

    // The engine's items whose delisting report stands (the one timeliness rule's rated items, as compliance reads them for
    // its median): the first request of the URL and that report.
    private const string SelectDelistings = $"""
        SELECT n.created_at, i.delisted_at
        FROM notices n JOIN items i ON i.notice_seq = n.seq AND i.engine_id = @Engine
        WHERE n.ruling_id = @RulingId AND {ItemSql.IsRated}
        """;

    public async Task<RulingFigures> FiguresAsync(Ruling ruling, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var figures = new RulingFigures(ruling.Zone, ruling.Engines) { AsOf = now };
        // One snapshot: the count of URLs and every engine's items agree.
        await using var session = await database.SnapshotAsync(cancellationToken);
        figures.UrlsRequested = await session.ScalarAsync<long>(CountNotices, new { RulingId = ruling.Id });
        foreach (var engine in ruling.Engines)
        {
            var parameters = new { RulingId = ruling.Id, Engine = engine, Now = now };
            await session.FoldAsync(CountByCreation, parameters, row =>
            {
                var rejectedBy = new long[RejectionCodes.All.Count];
                for (var k = 0; k < rejectedBy.Length; k++) rejectedBy[k] = row.GetInt64(5 + k);
                var counts = new OutcomeCounts(row.GetInt64(1), row.GetInt64(2), row.GetInt64(3), row.GetInt64(4), rejectedBy);
                figures.AddCounts(engine, row.GetValue(0), counts);
            });
            await session.FoldAsync(SelectDelistings, parameters, row => figures.AddDelisting(engine, row.GetValue(0), row.GetValue(1)));
        }
        return figures;
    }
}
