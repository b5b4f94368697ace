namespace Delisting.Api.Domain;

/// <summary>
/// The one timeliness rule (contract v1.2): an item is delisted on time when its latest `delisted` report came at or
/// before the deadline in force when the report was made, late otherwise. The rating belongs to the report and stays
/// with the item after a later withdrawal or relisting; a reopened item goes back to pending and is rated again by its
/// next delisting against its new deadline. Compliance, the export and the metrics all rate items here; the SQL form
/// (Engines/ItemSql) is built from <see cref="RatedSql"/> and <see cref="OnTimeOperator"/>.
/// </summary>
public static class Timeliness
{
    public const string OnTime = "on-time", Late = "late", Overdue = "overdue", Lapsed = "lapsed", NotYetDue = "not-yet-due";

    public static readonly IReadOnlyList<string> All = Array.AsReadOnly(new[] { OnTime, Late, Overdue, Lapsed, NotYetDue });

    /// <summary>
    /// The statuses an item can only have reached through a delisting report in its current claim, so that report
    /// stands: delisted, relist-pending (delisted, then the last claim ended, or the other way round) and relisted.
    /// </summary>
    public static readonly IReadOnlyList<string> Rated =
        Array.AsReadOnly(new[] { ItemStatus.Delisted, ItemStatus.RelistPending, ItemStatus.Relisted });

    /// <summary><see cref="Rated"/> as an SQL list: `status IN (RatedSql)`.</summary>
    public const string RatedSql = $"'{ItemStatus.Delisted}', '{ItemStatus.RelistPending}', '{ItemStatus.Relisted}'";

    /// <summary>On time: `delisted_at OnTimeOperator deadline` (at or before).</summary>
    public const string OnTimeOperator = "<=";

    /// <summary>A delisting report made at <paramref name="delistedAt"/> against <paramref name="deadline"/>.</summary>
    public static bool IsOnTime(DateTimeOffset delistedAt, DateTimeOffset deadline) => delistedAt <= deadline;

    /// <summary><see cref="OnTime"/> or <see cref="Late"/> for a delisting report.</summary>
    public static string OfReport(DateTimeOffset delistedAt, DateTimeOffset deadline) => IsOnTime(delistedAt, deadline) ? OnTime : Late;

    /// <summary>
    /// How an item stands at <paramref name="asOf"/>: rated by its standing delisting report; else, still open, lapsed
    /// when the order ended, overdue at its deadline, not yet due before it; null for rejected and withdrawn items.
    /// </summary>
    public static string? Of(string status, DateTimeOffset? delistedAt, DateTimeOffset deadline, DateTimeOffset? obligationEndsAt,
        DateTimeOffset asOf)
    {
        if (delistedAt is { } delisted && Rated.Contains(status)) return OfReport(delisted, deadline);
        if (!ItemStatus.IsOpen(status)) return null;
        if (ItemStatus.IsLapsed(status, obligationEndsAt, asOf)) return Lapsed;
        return ItemStatus.IsOverdueAt(status, deadline, obligationEndsAt, asOf) ? Overdue : NotYetDue;
    }
}
