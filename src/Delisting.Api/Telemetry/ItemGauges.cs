using System.Diagnostics.Metrics;
using Delisting.Api.Data;
using Delisting.Api.Domain;

namespace Delisting.Api.Telemetry;

/// <summary>
/// The gauges of items by status, overdue and lapsed: read from the counts of items by key (<see cref="ItemTallies"/>,
/// a few thousand rows at ten million items) with the item rules of <see cref="ItemStatus"/>, only when an exporter
/// collects and at most every 30 s.
/// </summary>
public sealed class ItemGauges(Database database, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

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
            var rows = new Dictionary<(string Engine, string Ruling, string Status), CountRow>();
            await using var session = await database.OpenAsync(CancellationToken.None);
            await ItemTallies.FoldAllAsync(session, tally =>
            {
                var key = (tally.EngineId, tally.RulingId, tally.Status);
                if (!rows.TryGetValue(key, out var row)) rows[key] = row = new CountRow(tally.EngineId, tally.RulingId, tally.Status);
                row.Count += tally.Items;
                if (ItemStatus.IsLapsed(tally.Status, tally.ObligationEndsAt, now)) row.Lapsed += tally.Items;
                if (ItemStatus.IsOverdueAt(tally.Status, tally.Deadline, tally.ObligationEndsAt, now)) row.Overdue += tally.Items;
            });
            return (IReadOnlyList<CountRow>)[.. rows.Values];
        }).GetAwaiter().GetResult();
        lock (gate) counts = fresh;
        return fresh;
    }

    private sealed class CountRow(string engineId, string rulingId, string status)
    {
        public string EngineId { get; } = engineId;
        public string RulingId { get; } = rulingId;
        public string Status { get; } = status;
        public long Count { get; set; }
        public long Overdue { get; set; }
        public long Lapsed { get; set; }
    }
}
