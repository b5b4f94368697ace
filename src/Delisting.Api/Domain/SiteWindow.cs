namespace Delisting.Api.Domain;

/// <summary>
/// A site of a ruling with its own window and clock (contract v1.1): in force from <see cref="InForceFrom"/>
/// (service, or decision date, of the decision that added it) through <see cref="InForceUntil"/>, both calendar days
/// in the ruling's time zone; its items are due <see cref="ComplianceDays"/> days after the later of the window's
/// start and the submission day, or, for an urgent order, exactly <see cref="ResponseTime"/> after the submission
/// (contract v1.2). Exactly one of the two is set. A court may allow the site on a protected host:
/// <see cref="ProtectedHostOverride"/> holds its words.
/// </summary>
public sealed record SiteWindow(
    string Domain,
    string? Network,
    string? MirrorOf,
    string? AddedBy,
    DateOnly InForceFrom,
    DateOnly InForceUntil,
    DateOnly? ServedOn,
    int? ComplianceDays,
    TimeSpan? ResponseTime = null,
    string? ProtectedHostOverride = null)
{
    public bool InForceOn(DateOnly day) => InForceFrom <= day && day <= InForceUntil;

    /// <summary>The window has not ended on <paramref name="day"/> (it may not have opened yet).</summary>
    public bool NotEndedOn(DateOnly day) => day <= InForceUntil;

    /// <summary>When an item on this site submitted at <paramref name="submittedAt"/> becomes overdue.</summary>
    public DateTimeOffset DeadlineFor(DateTimeOffset submittedAt, TimeZoneInfo zone) =>
        RulingCalendar.Deadline(InForceFrom, submittedAt, ComplianceDays, ResponseTime, zone);

    /// <summary>When the obligation on this site's items ends: the end of its last day in force.</summary>
    public DateTimeOffset ObligationEndsAt(TimeZoneInfo zone) => RulingCalendar.EndOfDay(InForceUntil, zone);
}
