using System.Text.Json.Serialization;

namespace Delisting.Api.Domain;

/// <summary>
/// Counts of items for one engine by status. `withdrawn`: no claim is left and the engine had not delisted;
/// `relistPending`: no claim is left and the engine must put the URL back; `relisted`: it did. Of the open ones,
/// `overdue` counts those past their deadline while the order binds, `lapsed` those still open when the order ended
/// (both derived from the clock when read).
/// </summary>
/// <param name="Pending">Items the engine has not acted on yet.</param>
/// <param name="Acknowledged">Items the engine has acknowledged but not yet delisted or rejected.</param>
/// <param name="Delisted">Items the engine has delisted.</param>
/// <param name="Rejected">Items the engine has refused to delist (with a reason code).</param>
/// <param name="Withdrawn">Items whose last claim was withdrawn before the engine delisted them: nothing left to do.</param>
/// <param name="RelistPending">Items whose last claim was withdrawn after the engine delisted them: the engine must put the URL back.</param>
/// <param name="Relisted">Items the engine put back after a withdrawal.</param>
/// <param name="Overdue">
/// Open items (pending, acknowledged or relist-pending) past their deadline while the order binds; also counted under their status.</param>
/// <param name="Lapsed">
/// Open items still open when the order ended (their site's inForceUntil day, in the ruling's time zone); also counted under their status.</param>
public sealed record EngineSummary(long Pending, long Acknowledged, long Delisted, long Rejected, long Withdrawn, long RelistPending,
    long Relisted, long Overdue, long Lapsed)
{
    public static readonly EngineSummary None = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>All the items counted.</summary>
    [JsonIgnore]
    public long Total => ItemStatus.All.Sum(Of);

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
        ItemStatus.Withdrawn => Withdrawn,
        ItemStatus.RelistPending => RelistPending,
        ItemStatus.Relisted => Relisted,
        _ => throw new InvalidOperationException($"Unknown item status '{status}'."),
    };

    /// <summary>These counts with <paramref name="count"/> more items in <paramref name="status"/>, some of them overdue or lapsed.</summary>
    public EngineSummary Add(string status, long count, long overdue, long lapsed) => (status switch
    {
        ItemStatus.Pending => this with { Pending = Pending + count },
        ItemStatus.Acknowledged => this with { Acknowledged = Acknowledged + count },
        ItemStatus.Delisted => this with { Delisted = Delisted + count },
        ItemStatus.Rejected => this with { Rejected = Rejected + count },
        ItemStatus.Withdrawn => this with { Withdrawn = Withdrawn + count },
        ItemStatus.RelistPending => this with { RelistPending = RelistPending + count },
        ItemStatus.Relisted => this with { Relisted = Relisted + count },
        _ => throw new InvalidOperationException($"Unknown item status '{status}'."),
    }) with { Overdue = Overdue + overdue, Lapsed = Lapsed + lapsed };

    /// <summary>Per engine, every engine named (with zeros when it has no items), in ordinal order.</summary>
    public static IReadOnlyDictionary<string, EngineSummary> ByEngine(IEnumerable<string> engines, IEnumerable<StatusCount> counts)
    {
        var summary = new SortedDictionary<string, EngineSummary>(StringComparer.Ordinal);
        foreach (var engine in engines) summary[engine] = None;
        foreach (var row in counts) summary[row.EngineId] = summary.GetValueOrDefault(row.EngineId, None).Add(row.Status, row.Count, row.Overdue,
            row.Lapsed);
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

/// <summary>A request is open while any of its items is open (pending, acknowledged or relist-pending) and not lapsed.</summary>
public static class RequestStates
{
    public const string Open = "open";
    public const string Closed = "closed";
    public static readonly IReadOnlyList<string> All = [Open, Closed];

    public static string Of(IReadOnlyDictionary<string, EngineSummary> summary) => summary.Values.Any(s => s.ActiveItems > 0) ? Open : Closed;
}
