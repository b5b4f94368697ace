using System.Text.Json.Serialization;

namespace Delisting.Api.Domain;

/// <summary>
/// Counts of items for one engine by status. Of the open ones, `overdue` counts those past their deadline while
/// the order binds, `lapsed` those still open when the order ended (derived from the clock when read).
/// </summary>
/// <param name="Pending">Items the engine has not acted on yet.</param>
/// <param name="Acknowledged">Items the engine has acknowledged but not yet delisted or rejected.</param>
/// <param name="Delisted">Items the engine has delisted.</param>
/// <param name="Rejected">Items the engine has refused to delist (with a reason).</param>
/// <param name="Overdue">Open items (pending or acknowledged) past their deadline while the order binds; also counted in pending or acknowledged.</param>
/// <param name="Lapsed">Open items still open when the order ended (their site's inForceUntil day, in the ruling's time zone); also counted in pending or acknowledged.</param>
public sealed record EngineSummary(long Pending, long Acknowledged, long Delisted, long Rejected, long Overdue, long Lapsed)
{
    public static readonly EngineSummary None = new(0, 0, 0, 0, 0, 0);

    /// <summary>All the items counted.</summary>
    [JsonIgnore]
    public long Total => Pending + Acknowledged + Delisted + Rejected;

    /// <summary>Items the engine still has to act on (see <see cref="ItemStatus.Open"/>) while the order binds.</summary>
    [JsonIgnore]
    public long ActiveItems => ItemStatus.Open.Sum(Of) - Lapsed;

    /// <summary>The count of one status. A status this code does not know is an error, never counted as another.</summary>
    public long Of(string status) => status switch
    {
        ItemStatus.Pending => Pending,
        ItemStatus.Acknowledged => Acknowledged,
        ItemStatus.Delisted => Delisted,
        ItemStatus.Rejected => Rejected,
        _ => throw new InvalidOperationException($"Unknown item status '{status}'."),
    };

    /// <summary>These counts with <paramref name="count"/> more items in <paramref name="status"/>, some of them overdue or lapsed.</summary>
    public EngineSummary Add(string status, long count, long overdue, long lapsed) => (status switch
    {
        ItemStatus.Pending => this with { Pending = Pending + count },
        ItemStatus.Acknowledged => this with { Acknowledged = Acknowledged + count },
        ItemStatus.Delisted => this with { Delisted = Delisted + count },
        ItemStatus.Rejected => this with { Rejected = Rejected + count },
        _ => throw new InvalidOperationException($"Unknown item status '{status}'."),
    }) with { Overdue = Overdue + overdue, Lapsed = Lapsed + lapsed };

    /// <summary>Per engine, every engine named (with zeros when it has no items), in ordinal order.</summary>
    public static IReadOnlyDictionary<string, EngineSummary> ByEngine(IEnumerable<string> engines, IEnumerable<StatusCount> counts)
    {
        var summary = new SortedDictionary<string, EngineSummary>(StringComparer.Ordinal);
        foreach (var engine in engines) summary[engine] = None;
        foreach (var row in counts) summary[row.EngineId] = summary.GetValueOrDefault(row.EngineId, None).Add(row.Status, row.Count, row.Overdue, row.Lapsed);
        return summary;
    }
}

/// <summary>How many items of one engine are in one status, and how many of those are overdue or lapsed.</summary>
public class StatusCount
{
    public string EngineId { get; init; } = "";
    public string Status { get; init; } = "";
    public long Count { get; init; }
    public long Overdue { get; init; }
    public long Lapsed { get; init; }
}

/// <summary>A request is open while any of its items is open and not lapsed.</summary>
public static class RequestStates
{
    public const string Open = "open";
    public const string Closed = "closed";
    public static readonly IReadOnlyList<string> All = [Open, Closed];

    public static string Of(IReadOnlyDictionary<string, EngineSummary> summary) => summary.Values.Any(s => s.ActiveItems > 0) ? Open : Closed;
}
