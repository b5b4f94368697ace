namespace Delisting.Api.Domain;

/// <summary>The status an engine reports for one item, and the transitions the contract allows.</summary>
public static class ItemStatus
{
    public const string Pending = "pending", Acknowledged = "acknowledged", Delisted = "delisted", Rejected = "rejected";

    public static readonly IReadOnlyList<string> All = Array.AsReadOnly(new[] { Pending, Acknowledged, Delisted, Rejected });

    /// <summary>What an engine may report: everything but the status an item starts in.</summary>
    public static readonly IReadOnlyList<string> Reportable = Array.AsReadOnly(new[] { Acknowledged, Delisted, Rejected });

    /// <summary>
    /// An item is open while the engine still has something to do: it keeps its request open and becomes overdue
    /// at its deadline. <see cref="OpenSql"/> is the same list for SQL, built from the same constants.
    /// </summary>
    public static readonly IReadOnlyList<string> Open = Array.AsReadOnly(new[] { Pending, Acknowledged });

    /// <summary>The open statuses as an SQL list: `status IN (OpenSql)`.</summary>
    public const string OpenSql = $"'{Pending}', '{Acknowledged}'";

    // to -> the statuses it may be reached from. Nothing leaves delisted; rejected -> delisted is the engine
    // reconsidering. Same -> same is deliberately absent: callers count it as "unchanged", not as a transition.
    private static readonly Dictionary<string, IReadOnlyList<string>> Sources = new(StringComparer.Ordinal)
    {
        [Pending] = Array.AsReadOnly(Array.Empty<string>()),
        [Acknowledged] = Array.AsReadOnly(new[] { Pending }),
        [Delisted] = Array.AsReadOnly(new[] { Pending, Acknowledged, Rejected }),
        [Rejected] = Array.AsReadOnly(new[] { Pending, Acknowledged }),
    };

    private static readonly IReadOnlyList<string> None = Array.AsReadOnly(Array.Empty<string>());

    public static bool IsKnown(string? status) => status is not null && Sources.ContainsKey(status);

    public static bool CanTransition(string from, string to) =>
        from is not null && to is not null && Sources.TryGetValue(to, out var sources) && sources.Contains(from);

    public static IReadOnlyList<string> AllowedFrom(string to) =>
        to is not null && Sources.TryGetValue(to, out var sources) ? sources : None;

    public static bool IsOpen(string status) => Open.Contains(status);

    /// <summary>Lapsed: still open when the order stopped binding it. Nothing more is owed; it is no longer overdue.</summary>
    public static bool IsLapsed(string status, DateTimeOffset? obligationEndsAt, DateTimeOffset now) =>
        IsOpen(status) && obligationEndsAt is { } endsAt && now >= endsAt;

    /// <summary>Overdue: still open at or after the deadline (callers exclude lapsed items).</summary>
    public static bool IsOverdue(string status, DateTimeOffset deadline, DateTimeOffset now) => IsOpen(status) && now >= deadline;
}
