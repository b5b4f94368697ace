namespace Delisting.Api.Domain;

/// <summary>
/// A site of a ruling with its own window and clock (contract v1.1): in force from <see cref="InForceFrom"/>
/// (service, or decision date, of the decision that added it) through <see cref="InForceUntil"/>, both calendar days
/// in the ruling's time zone; its items are due <see cref="ComplianceDays"/> days after the later of the window's
/// start and the submission day.
/// </summary>
public sealed record SiteWindow(
    string Domain,
    string? Network,
    string? MirrorOf,
    string? AddedBy,
    DateOnly InForceFrom,
    DateOnly InForceUntil,
    DateOnly? ServedOn,
    int ComplianceDays)
{
    public bool InForceOn(DateOnly day) => InForceFrom <= day && day <= InForceUntil;

    /// <summary>The window has not ended on <paramref name="day"/> (it may not have opened yet).</summary>
    public bool NotEndedOn(DateOnly day) => day <= InForceUntil;

    /// <summary>When an item on this site submitted on <paramref name="submissionDay"/> becomes overdue.</summary>
    public DateTimeOffset DeadlineFor(DateOnly submissionDay, TimeZoneInfo zone) =>
        RulingCalendar.Deadline(InForceFrom, null, submissionDay, ComplianceDays, zone);

    /// <summary>When the obligation on this site's items ends: the end of its last day in force.</summary>
    public DateTimeOffset ObligationEndsAt(TimeZoneInfo zone) => RulingCalendar.EndOfDay(InForceUntil, zone);
}
