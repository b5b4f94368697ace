namespace Delisting.Api.Domain;

/// <summary>The status an engine reports for one item, and the transitions the contract allows.</summary>
public static class ItemStatus
{
    public const string Pending = "pending", Acknowledged = "acknowledged", Delisted = "delisted", Rejected = "rejected";

    public static readonly IReadOnlyList<string> All = Array.AsReadOnly(new[] { Pending, Acknowledged, Delisted, Rejected });

    /// <summary>What an engine may report: everything but the status an item starts in.</summary>
    public static readonly IReadOnlyList<string> Reportable = Array.AsReadOnly(new[] { Acknowledged, Delisted, Rejected });

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

    public static bool IsOpen(string status) => status is Pending or Acknowledged;
}
