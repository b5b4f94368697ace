using Delisting.Api.Data;
using Delisting.Api.Domain;
using Delisting.Api.Rulings;

namespace Delisting.Api.Transparency;

/// <summary>
/// A ruling's public figures, per engine: read from the counts of its items by key (<see cref="ItemTallies"/>), a few
/// thousand rows whatever the number of items, and folded here with the item rules of <see cref="ItemStatus"/> and
/// <see cref="Timeliness"/>; the first requests are placed in months of the ruling's time zone. Nothing that names a
/// URL, a request, an organisation's claim or a key is read.
/// </summary>
public sealed class TransparencyStore(Database database)
{
    private const string CountNotices = "SELECT COUNT(*) FROM notices WHERE ruling_id = @RulingId";

    /// <summary>The engine has not decided.</summary>
    private static readonly string[] Waiting = [ItemStatus.Pending, ItemStatus.Acknowledged];

    /// <summary>No plaintiff claims the URL any more.</summary>
    private static readonly string[] Withdrawn = [ItemStatus.Withdrawn, ItemStatus.RelistPending, ItemStatus.Relisted];

    public async Task<RulingFigures> FiguresAsync(Ruling ruling, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var figures = new RulingFigures(ruling.Zone, ruling.Engines) { AsOf = now };
        // One snapshot: the count of URLs and every engine's items agree.
        await using var session = await database.SnapshotAsync(cancellationToken);
        figures.UrlsRequested = await session.ScalarAsync<long>(CountNotices, new { RulingId = ruling.Id });
        await ItemTallies.FoldAsync(session, ruling.Id, tally =>
        {
            figures.AddCounts(tally.EngineId, tally.CreatedAt, Outcome(tally, now));
            if (tally.DelistedAt is { } delistedAt && Timeliness.Rated.Contains(tally.Status))
            {
                figures.AddDelistings(tally.EngineId, tally.CreatedAt, delistedAt, tally.Items);
            }
        });
        return figures;
    }

    private static OutcomeCounts Outcome(ItemTally tally, DateTimeOffset now)
    {
        var rejectedBy = new long[RejectionCodes.All.Count];
        if (tally.Status == ItemStatus.Rejected && tally.ReasonCode is { } code) rejectedBy[IndexOf(code)] = tally.Items;
        var overdue = ItemStatus.IsOverdueAt(tally.Status, tally.Deadline, tally.ObligationEndsAt, now);
        return new OutcomeCounts(
            Waiting.Contains(tally.Status) ? tally.Items : 0,
            tally.Status == ItemStatus.Delisted ? tally.Items : 0,
            Withdrawn.Contains(tally.Status) ? tally.Items : 0,
            overdue ? tally.Items : 0,
            rejectedBy);
    }

    private static int IndexOf(string code)
    {
        for (var k = 0; k < RejectionCodes.All.Count; k++)
        {
            if (RejectionCodes.All[k] == code) return k;
        }
        return RejectionCodes.All.Count - 1;
    }
}
