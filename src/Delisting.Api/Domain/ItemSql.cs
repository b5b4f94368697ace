

namespace Delisting.Api.Domain;

/// <summary>
/// The item rules of <see cref="ItemStatus"/> as SQL conditions over `i` (items) and `n` (notices) at the instant
/// @Now, so that every count, queue and state says the same thing. A notice stored before obligations were
/// recorded (null) never lapses.
/// </summary>
public static class ItemSql
{
    /// <summary>The engine still has something to do.</summary>
    public const string IsOpen = $"i.status IN ({ItemStatus.OpenSql})";

    private const string ObligationRuns = "(n.obligation_ends_at IS NULL OR n.obligation_ends_at > @Now)";

    /// <summary>Open, and the order still binds: it keeps its request open and stays in the engine's queue.</summary>
    public const string IsActive = $"{IsOpen} AND {ObligationRuns}";

    /// <summary>Open when the order ended: nothing more is owed.</summary>
    public const string IsLapsed = $"{IsOpen} AND n.obligation_ends_at <= @Now";

    /// <summary>Active past its deadline.</summary>
    public const string IsOverdue = $"{IsActive} AND n.deadline <= @Now";

    /// <summary>Its latest delisting report stands (<see cref="Timeliness.Rated"/>): it is on time or late.</summary>
    public const string IsRated = $"i.status IN ({Timeliness.RatedSql}) AND i.delisted_at IS NOT NULL";

    /// <summary>Delisted on time: the report came at or before the deadline (a reopened notice's new one: a reopening unrates the item).</summary>
    public const string IsOnTime = $"{IsRated} AND i.delisted_at {Timeliness.OnTimeOperator} n.deadline";

    /// <summary>Delisted late: rated, and not on time.</summary>
    public const string IsLate = $"{IsRated} AND NOT (i.delisted_at {Timeliness.OnTimeOperator} n.deadline)";

    /// <summary>Per engine and status: how many items, how many overdue, how many lapsed (columns of a GROUP BY i.engine_id, i.status).</summary>
    public const string CountColumns = $"""
        i.engine_id, i.status, COUNT(*) AS count,
               SUM(CASE WHEN {IsOverdue} THEN 1 ELSE 0 END) AS overdue,
               SUM(CASE WHEN {IsLapsed} THEN 1 ELSE 0 END) AS lapsed
        """;
}
