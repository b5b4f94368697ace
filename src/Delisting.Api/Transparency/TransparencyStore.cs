using Delisting.Api.Data;
using Delisting.Api.Engines;
using Delisting.Api.Rulings;

namespace Delisting.Api.Transparency;

/// <summary>
/// A ruling's public figures, read in one pass over its items: the item rules (overdue) are those of
/// <see cref="ItemSql"/>, evaluated by the database; months and medians are folded here, in the ruling's time zone.
/// Nothing that names a URL, a request, an organisation's claim or a key is read.
/// </summary>
public sealed class TransparencyStore(Database database)
{
    private const string CountNotices = "SELECT COUNT(*) FROM notices WHERE ruling_id = @RulingId";

    // Every item of the ruling with what its figures need; read by column position in this order.
    private const string SelectItems = $"""
        SELECT i.engine_id, i.status, i.reason_code, n.created_at, i.delisted_at,
               CASE WHEN {ItemSql.IsOverdue} THEN 1 ELSE 0 END AS overdue
        FROM notices n JOIN items i ON i.notice_seq = n.seq
        WHERE n.ruling_id = @RulingId
        """;

    public async Task<RulingFigures> FiguresAsync(Ruling ruling, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var figures = new RulingFigures(ruling.Zone, ruling.Engines) { AsOf = now };
        // One snapshot: the count of URLs and the items agree.
        await using var session = await database.SnapshotAsync(cancellationToken);
        var parameters = new { RulingId = ruling.Id, Now = now };
        figures.UrlsRequested = await session.ScalarAsync<long>(CountNotices, parameters);
        await session.FoldAsync(SelectItems, parameters, row => figures.Add(
            row.GetString(0), row.GetString(1), row.IsDBNull(2) ? null : row.GetString(2), Convert.ToInt64(row.GetValue(5)) == 1,
            row.GetValue(3), row.IsDBNull(4) ? null : row.GetValue(4)));
        return figures;
    }
}
