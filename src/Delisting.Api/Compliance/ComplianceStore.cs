using Delisting.Api.Data;
using Delisting.Api.Domain;
using Delisting.Api.Engines;

namespace Delisting.Api.Compliance;

/// <summary>How a ruling's items stand per engine: the counts by status, on time or late, and the time to delist.</summary>
public sealed class ComplianceStore(Database database)
{
    private const string SelectCounts = $"""
        SELECT {ItemSql.CountColumns},
               SUM(CASE WHEN i.status = 'delisted' AND i.delisted_at < n.deadline THEN 1 ELSE 0 END) AS on_time
        FROM notices n JOIN items i ON i.notice_seq = n.seq
        WHERE n.ruling_id = @RulingId
        GROUP BY i.engine_id, i.status
        """;

    private const string SelectDelistings = """
        SELECT i.engine_id, n.created_at, i.delisted_at
        FROM notices n JOIN items i ON i.notice_seq = n.seq
        WHERE n.ruling_id = @RulingId AND i.status = 'delisted'
        """;

    public async Task<IReadOnlyDictionary<string, EngineCompliance>> ForRulingAsync(
        string rulingId, IReadOnlyList<string> engines, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = await database.SnapshotAsync(cancellationToken);
        var counts = await session.QueryAsync<ComplianceCount>(SelectCounts, new { RulingId = rulingId, Now = now });
        var hours = (await session.QueryAsync<DelistingRow>(SelectDelistings, new { RulingId = rulingId }))
            .ToLookup(d => d.EngineId, d => (d.DelistedAt - d.CreatedAt).TotalHours);
        var onTime = counts.GroupBy(c => c.EngineId).ToDictionary(g => g.Key, g => g.Sum(c => c.OnTime));

        var result = new SortedDictionary<string, EngineCompliance>(StringComparer.Ordinal);
        foreach (var (engine, summary) in EngineSummary.ByEngine(engines, counts))
        {
            var delistedOnTime = onTime.GetValueOrDefault(engine);
            result[engine] = new EngineCompliance(summary.Total, summary.Pending, summary.Acknowledged, summary.Delisted, summary.Rejected,
                summary.Overdue, summary.Lapsed, delistedOnTime, summary.Delisted - delistedOnTime, Median(hours[engine].ToList()));
        }
        return result;
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0) return null;
        values.Sort();
        var middle = values.Count / 2;
        var median = values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        return Math.Round(median, 2);
    }

    private sealed class ComplianceCount : StatusCount
    {
        public long OnTime { get; init; }
    }

    private sealed class DelistingRow
    {
        public string EngineId { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset DelistedAt { get; init; }
    }
}
