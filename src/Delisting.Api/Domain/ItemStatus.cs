namespace Delisting.Api.Domain;

/// <summary>
/// The status of one item and the one table of its transitions: what an engine's report, the end of the last claim
/// on the URL (a withdrawal) and a new claim on a withdrawn URL (a resubmission) do to it.
/// </summary>
public static class ItemStatus
{
    public const string Pending = "pending", Acknowledged = "acknowledged", Delisted = "delisted", Rejected = "rejected",
        Withdrawn = "withdrawn", RelistPending = "relist-pending", Relisted = "relisted";

    public static readonly IReadOnlyList<string> All =
        Array.AsReadOnly(new[] { Pending, Acknowledged, Delisted, Rejected, Withdrawn, RelistPending, Relisted });

    /// <summary>The statuses an engine reports: everything else is reached through claims.</summary>
    public static readonly IReadOnlyList<string> Reportable = Array.AsReadOnly(new[] { Acknowledged, Delisted, Rejected, Relisted });

    /// <summary>
    /// An item is open while the engine still has something to do: it keeps its request open and becomes overdue
    /// at its deadline. <see cref="OpenSql"/> is the same list for SQL, built from the same constants.
    /// </summary>
    public static readonly IReadOnlyList<string> Open = Array.AsReadOnly(new[] { Pending, Acknowledged, RelistPending });

    /// <summary>The open statuses as an SQL list: `status IN (OpenSql)`.</summary>
    public const string OpenSql = $"'{Pending}', '{Acknowledged}', '{RelistPending}'";

    /// <summary>What moves an item: one of the <see cref="Reportable"/> statuses reported by its engine, or a claim event.</summary>
    public const string LastClaimEnded = "last-claim-ended", ClaimedAgain = "claimed-again";

    // (from, cause) -> to. Absent pairs are not allowed; same -> same is absent too (callers count a repeated report
    // as "unchanged"). Nothing an engine says leaves delisted: only the end of the last claim does (it must relist).
    // An engine that delisted a URL whose claim had just been withdrawn reports it late: the URL is down while nobody
    // claims it, so it must be put back (relist-pending), the same end as a withdrawal just after the delisting.
    private static readonly Dictionary<(string From, string Cause), string> Moves = new()
    {
        [(Pending, Acknowledged)] = Acknowledged,
        [(Pending, Delisted)] = Delisted,
        [(Pending, Rejected)] = Rejected,
        [(Acknowledged, Delisted)] = Delisted,
        [(Acknowledged, Rejected)] = Rejected,
        [(Rejected, Delisted)] = Delisted,
        [(Withdrawn, Delisted)] = RelistPending,
        [(RelistPending, Relisted)] = Relisted,

        [(Pending, LastClaimEnded)] = Withdrawn,
        [(Acknowledged, LastClaimEnded)] = Withdrawn,
        [(Rejected, LastClaimEnded)] = Withdrawn,
        [(Delisted, LastClaimEnded)] = RelistPending,

        [(Withdrawn, ClaimedAgain)] = Pending,
        [(RelistPending, ClaimedAgain)] = Pending,
        [(Relisted, ClaimedAgain)] = Pending,
    };

    private static readonly IReadOnlyList<string> None = Array.AsReadOnly(Array.Empty<string>());

    /// <summary>Every (from, to) move that <paramref name="cause"/> makes, in the order of the table.</summary>
    public static IReadOnlyList<(string From, string To)> MovesOn(string cause) =>
        Moves.Where(m => m.Key.Cause == cause).Select(m => (m.Key.From, m.Value)).ToArray();

    public static bool IsKnown(string? status) => status is not null && All.Contains(status);

    /// <summary>The status an item in <paramref name="from"/> takes on <paramref name="cause"/>; null when that is not allowed.</summary>
    public static string? After(string from, string cause) =>
        from is not null && cause is not null && Moves.TryGetValue((from, cause), out var to) ? to : null;

    /// <summary>The status an item takes when its engine reports <paramref name="reported"/>; null when the report is refused.</summary>
    public static string? Reported(string from, string reported) => Reportable.Contains(reported) ? After(from, reported) : null;

    /// <summary>An engine report of <paramref name="to"/> moves an item from <paramref name="from"/> to exactly <paramref name="to"/>.</summary>
    public static bool CanTransition(string from, string to) => to is not null && Reported(from, to) == to;

    /// <summary>The statuses from which an engine's report of <paramref name="to"/> leads to <paramref name="to"/>.</summary>
    public static IReadOnlyList<string> AllowedFrom(string to) =>
        to is null ? None : Array.AsReadOnly(All.Where(from => CanTransition(from, to)).ToArray());

    public static bool IsOpen(string status) => Open.Contains(status);

    /// <summary>Lapsed: still open when the order stopped binding it. Nothing more is owed; it is no longer overdue.</summary>
    public static bool IsLapsed(string status, DateTimeOffset? obligationEndsAt, DateTimeOffset now) =>
        IsOpen(status) && obligationEndsAt is { } endsAt && now >= endsAt;

    // Still open at or after the deadline, lapsed or not: only a part of the rule, so callers use IsOverdueAt.
    private static bool IsOverdue(string status, DateTimeOffset deadline, DateTimeOffset now) => IsOpen(status) && now >= deadline;

    /// <summary>
    /// Overdue: open at or after the deadline while the order still binds it (a lapsed item is not overdue); the same rule
    /// as ItemSql.IsOverdue.
    /// </summary>
    public static bool IsOverdueAt(string status, DateTimeOffset deadline, DateTimeOffset? obligationEndsAt, DateTimeOffset now) =>
        IsOverdue(status, deadline, now) && !IsLapsed(status, obligationEndsAt, now);
}

/// <summary>Why an engine rejected an item: one vocabulary that court reports can count.</summary>
public static class RejectionCodes
{
    public const string NotFound = "not-found", NotInIndex = "not-in-index", NotCovered = "not-covered", LawfulContent = "lawful-content",
        Duplicate = "duplicate", Other = "other";

    public static readonly IReadOnlyList<string> All = Array.AsReadOnly(new[] { NotFound, NotInIndex, NotCovered, LawfulContent, Duplicate, Other });

    public static bool IsKnown(string? code) => code is not null && All.Contains(code);
}
