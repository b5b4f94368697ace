using System.Diagnostics.Metrics;
using Delisting.Api.Data;
using Delisting.Api.Domain;

namespace Delisting.Api.Telemetry;

/// <summary>
/// The gauges of items by status, overdue and lapsed: one grouped query, made only when an exporter collects and at
/// most every 30 s, so a scrape every few seconds costs one query per half minute whatever the table's size.
/// </summary>
public sealed class ItemGauges(Database database, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private const string SelectCounts = $"""
        SELECT i.engine_id, n.ruling_id, i.status, COUNT(*) AS count,
               SUM(CASE WHEN {ItemSql.IsOverdue} THEN 1 ELSE 0 END) AS overdue,
               SUM(CASE WHEN {ItemSql.IsLapsed} THEN 1 ELSE 0 END) AS lapsed
        FROM items i JOIN notices n ON n.seq = i.notice_seq
        GROUP BY i.engine_id, n.ruling_id, i.status
        """;

    private readonly Lock gate = new();
    private IReadOnlyList<CountRow> counts = [];
    private DateTimeOffset readAt = DateTimeOffset.MinValue;

    public IEnumerable<Measurement<long>> Items() => Current().Select(c => new Measurement<long>(c.Count,
        new("engine", c.EngineId), new("ruling", c.RulingId), new("status", c.Status)));

    public IEnumerable<Measurement<long>> Overdue() => Current().GroupBy(c => c.EngineId)
        .Select(g => new Measurement<long>(g.Sum(c => c.Overdue), new KeyValuePair<string, object?>("engine", g.Key)));

    public IEnumerable<Measurement<long>> Lapsed() => Current().GroupBy(c => c.EngineId)
        .Select(g => new Measurement<long>(g.Sum(c => c.Lapsed), new KeyValuePair<string, object?>("engine", g.Key)));

    private IReadOnlyList<CountRow> Current()
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (now - readAt < MaxAge && now >= readAt) return counts;
            readAt = now;
        }
        // Called by the exporter's collection thread: a synchronous wait is what the instrument API allows.
        var fresh = Task.Run(async () =>
        {
            await using var session = await database.OpenAsync(CancellationToken.None);
            return (IReadOnlyList<CountRow>)await session.QueryAsync<CountRow>(SelectCounts, new { Now = now });
        }).GetAwaiter().GetResult();
        lock (gate) counts = fresh;
        return fresh;
    }

    private sealed class CountRow
    {
        public string EngineId { get; init; } = "";
        public string RulingId { get; init; } = "";
        public string Status { get; init; } = "";
        public long Count { get; init; }
        public long Overdue { get; init; }
        public long Lapsed { get; init; }
    }
}
