using Dapper;
using Delisting.Api.Data;

namespace Delisting.Api.Compliance;

public sealed class ComplianceStore(Database database)
{
    private const string SelectCounts = """
        SELECT i.engine_id, i.status, COUNT(*) AS count,
               SUM(CASE WHEN i.status IN ('pending', 'acknowledged') AND n.deadline <= @Now THEN 1 ELSE 0 END) AS overdue,
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
        await using var connection = await database.OpenAsync(cancellationToken);
        var counts = (await connection.QueryAsync<CountRow>(new CommandDefinition(SelectCounts,
            new { RulingId = rulingId, Now = now }, cancellationToken: cancellationToken))).ToLookup(c => c.EngineId);
        var hours = (await connection.QueryAsync<DelistingRow>(new CommandDefinition(SelectDelistings,
                new { RulingId = rulingId }, cancellationToken: cancellationToken)))
            .ToLookup(d => d.EngineId, d => (d.DelistedAt - d.CreatedAt).TotalHours);

        var result = new SortedDictionary<string, EngineCompliance>(StringComparer.Ordinal);
        foreach (var engine in engines)
        {
            var rows = counts[engine].ToList();
            long Count(string status) => rows.Where(r => r.Status == status).Sum(r => r.Count);
            var delisted = Count("delisted");
            var onTime = rows.Sum(r => r.OnTime);
            result[engine] = new EngineCompliance(rows.Sum(r => r.Count), Count("pending"), Count("acknowledged"), delisted,
                Count("rejected"), rows.Sum(r => r.Overdue), onTime, delisted - onTime, Median(hours[engine].ToList()));
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

    private sealed class CountRow
    {
        public string EngineId { get; init; } = "";
        public string Status { get; init; } = "";
        public long Count { get; init; }
        public long Overdue { get; init; }
        public long OnTime { get; init; }
    }

    private sealed class DelistingRow
    {
        public string EngineId { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset DelistedAt { get; init; }
    }
}
