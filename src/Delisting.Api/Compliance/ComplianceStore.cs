using Delisting.Api.Data;
using Delisting.Api.Domain;

namespace Delisting.Api.Compliance;

/// <summary>How a ruling's items stand per engine: the counts by status, on time or late, and the time to delist.</summary>
public sealed class ComplianceStore(Database database)
{
    private const string SelectCounts = $"""
        SELECT {ItemSql.CountColumns},
               SUM(CASE WHEN {ItemSql.IsOnTime} THEN 1 ELSE 0 END) AS on_time,
               SUM(CASE WHEN {ItemSql.IsLate} THEN 1 ELSE 0 END) AS late
        FROM notices n JOIN items i ON i.notice_seq = n.seq
        WHERE n.ruling_id = @RulingId
        GROUP BY i.engine_id, i.status
        """;

    // The items that are on time or late: their standing delisting report, from the URL's first submission.
    private const string SelectDelistings = $"""
        SELECT i.engine_id, n.created_at, i.delisted_at
        FROM notices n JOIN items i ON i.notice_seq = n.seq
        WHERE n.ruling_id = @RulingId AND {ItemSql.IsRated}
        """;

    private const string SelectRejections = """
        SELECT i.engine_id, i.reason_code, COUNT(*) AS count
        FROM notices n JOIN items i ON i.notice_seq = n.seq
        WHERE n.ruling_id = @RulingId AND i.status = 'rejected'
        GROUP BY i.engine_id, i.reason_code
        """;

    // A relisted item was last changed by the relisting report; withdrawn_at is when its last claim ended.
    private const string SelectRelistings = """
        SELECT i.engine_id, i.withdrawn_at, i.updated_at
        FROM notices n JOIN items i ON i.notice_seq = n.seq
        WHERE n.ruling_id = @RulingId AND i.status = 'relisted' AND i.withdrawn_at IS NOT NULL
        """;

    public async Task<IReadOnlyDictionary<string, EngineCompliance>> ForRulingAsync(
        string rulingId, IReadOnlyList<string> engines, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = await database.SnapshotAsync(cancellationToken);
        var counts = await session.QueryAsync<ComplianceCount>(SelectCounts, new { RulingId = rulingId, Now = now });
        var delistings = (await session.QueryAsync<DelistingRow>(SelectDelistings, new { RulingId = rulingId }))
            .ToLookup(d => d.EngineId, d => d.DelistedAt - d.CreatedAt);
        var relistHours = (await session.QueryAsync<RelistingRow>(SelectRelistings, new { RulingId = rulingId }))
            .ToLookup(r => r.EngineId, r => (r.UpdatedAt - r.WithdrawnAt).TotalHours);
        var rejections = (await session.QueryAsync<RejectionRow>(SelectRejections, new { RulingId = rulingId })).ToLookup(r => r.EngineId);
        var onTime = counts.GroupBy(c => c.EngineId).ToDictionary(g => g.Key, g => g.Sum(c => c.OnTime));
        var late = counts.GroupBy(c => c.EngineId).ToDictionary(g => g.Key, g => g.Sum(c => c.Late));

        var result = new SortedDictionary<string, EngineCompliance>(StringComparer.Ordinal);
        foreach (var (engine, summary) in EngineSummary.ByEngine(engines, counts))
        {
            result[engine] = new EngineCompliance(summary.Total, summary.Pending, summary.Acknowledged, summary.Delisted, summary.Rejected,
                summary.Overdue, summary.Lapsed, onTime.GetValueOrDefault(engine), late.GetValueOrDefault(engine),
                Median(delistings[engine].Select(t => t.TotalHours).ToList(), 2),
                RejectedBy(rejections[engine]), summary.Withdrawn, summary.RelistPending, summary.Relisted, Median(relistHours[engine].ToList(), 2),
                Median(delistings[engine].Select(t => t.TotalMinutes).ToList(), 1));
        }
        return result;
    }

    /// <summary>Every code with its count. A rejected item always has a code (ck_items_rejection_code; older ones are other).</summary>
    private static IReadOnlyDictionary<string, long> RejectedBy(IEnumerable<RejectionRow> rows)
    {
        var byCode = RejectionCodes.All.ToDictionary(c => c, _ => 0L, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            byCode[row.ReasonCode ?? throw new InvalidOperationException("A rejected item has no reason code.")] += row.Count;
        }
        return byCode;
    }

    /// <summary>The median as compliance and the transparency figures report it, rounded to <paramref name="decimals"/>; null for none.</summary>
    public static double? Median(List<double> values, int decimals)
    {
        if (values.Count == 0) return null;
        values.Sort();
        var middle = values.Count / 2;
        var median = values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        return Math.Round(median, decimals);
    }

    private sealed class ComplianceCount : StatusCount
    {
        public long OnTime { get; init; }
        public long Late { get; init; }
    }

    private sealed class DelistingRow
    {
        public string EngineId { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset DelistedAt { get; init; }
    }

    private sealed class RejectionRow
    {
        public string EngineId { get; init; } = "";
        public string? ReasonCode { get; init; }
        public long Count { get; init; }
    }

    private sealed class RelistingRow
    {
        public string EngineId { get; init; } = "";
        public DateTimeOffset WithdrawnAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
    }
}
