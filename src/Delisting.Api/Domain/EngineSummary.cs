using System.Text.Json.Serialization;

namespace Delisting.Api.Domain;

/// <summary>
/// Counts of items for one engine by status; `overdue` counts open items past their deadline. `withdrawn`: no claim
/// is left and the engine had not delisted; `relistPending`: no claim is left and the engine must put the URL back;
/// `relisted`: it did.
/// </summary>
public sealed record EngineSummary(long Pending, long Acknowledged, long Delisted, long Rejected, long Withdrawn, long RelistPending,
    long Relisted, long Overdue)
{
    public static readonly EngineSummary None = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>All the items counted.</summary>
    [JsonIgnore]
    public long Total => ItemStatus.All.Sum(Of);

    /// <summary>Items the engine still has to act on (see <see cref="ItemStatus.Open"/>).</summary>
    [JsonIgnore]
    public long OpenItems => ItemStatus.Open.Sum(Of);

    /// <summary>The count of one status. A status this code does not know is an error, never counted as another.</summary>
    public long Of(string status) => status switch
    {
        ItemStatus.Pending => Pending,
        ItemStatus.Acknowledged => Acknowledged,
        ItemStatus.Delisted => Delisted,
        ItemStatus.Rejected => Rejected,
        ItemStatus.Withdrawn => Withdrawn,
        ItemStatus.RelistPending => RelistPending,
        ItemStatus.Relisted => Relisted,
        _ => throw new InvalidOperationException($"Unknown item status '{status}'."),
    };

    /// <summary>These counts with <paramref name="count"/> more items in <paramref name="status"/>, <paramref name="overdue"/> of them overdue.</summary>
    public EngineSummary Add(string status, long count, long overdue) => (status switch
    {
        ItemStatus.Pending => this with { Pending = Pending + count },
        ItemStatus.Acknowledged => this with { Acknowledged = Acknowledged + count },
        ItemStatus.Delisted => this with { Delisted = Delisted + count },
        ItemStatus.Rejected => this with { Rejected = Rejected + count },
        ItemStatus.Withdrawn => this with { Withdrawn = Withdrawn + count },
        ItemStatus.RelistPending => this with { RelistPending = RelistPending + count },
        ItemStatus.Relisted => this with { Relisted = Relisted + count },
        _ => throw new InvalidOperationException($"Unknown item status '{status}'."),
    }) with { Overdue = Overdue + overdue };

    /// <summary>Per engine, every engine named (with zeros when it has no items), in ordinal order.</summary>
    public static IReadOnlyDictionary<string, EngineSummary> ByEngine(IEnumerable<string> engines, IEnumerable<StatusCount> counts)
    {
        var summary = new SortedDictionary<string, EngineSummary>(StringComparer.Ordinal);
        foreach (var engine in engines) summary[engine] = None;
        foreach (var row in counts) summary[row.EngineId] = summary.GetValueOrDefault(row.EngineId, None).Add(row.Status, row.Count, row.Overdue);
        return summary;
    }
}

/// <summary>How many items of one engine are in one status, and how many of those are overdue.</summary>
public class StatusCount
{
    public string EngineId { get; init; } = "";
    public string Status { get; init; } = "";
    public long Count { get; init; }
    public long Overdue { get; init; }
}

/// <summary>A request is open while any of its items is open (pending, acknowledged or relist-pending).</summary>
public static class RequestStates
{
    public const string Open = "open";
    public const string Closed = "closed";

    public static string Of(IReadOnlyDictionary<string, EngineSummary> summary) => summary.Values.Any(s => s.OpenItems > 0) ? Open : Closed;
}
