namespace Delisting.Api.Domain;

/// <summary>Dates with legal meaning, computed in the ruling's time zone.</summary>
public static class RulingCalendar
{
    public static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (!LooksLikeIanaId(id))
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id!);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException
                                      or System.Security.SecurityException or IOException or UnauthorizedAccessException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }

    public static DateOnly Today(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
    }

    /// <summary>
    /// The one deadline rule (contracts v1.1 and v1.2): with a response time, exactly
    /// max(submission instant, start of the window's first day) + responseTime; with compliance days, the end of the
    /// day max(window's first day, submission day) + complianceDays. Both in the ruling's time zone.
    /// </summary>
    public static DateTimeOffset Deadline(
        DateOnly opensOn, DateTimeOffset submittedAt, int? complianceDays, TimeSpan? responseTime, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (responseTime is { } duration)
        {
            var opens = StartOfDay(opensOn, zone);
            return ((submittedAt > opens ? submittedAt : opens) + duration).ToUniversalTime();
        }
        return Deadline(opensOn, null, Today(submittedAt, zone),
            complianceDays ?? throw new ArgumentException("A deadline needs complianceDays or a responseTime."), zone);
    }

    public static DateTimeOffset Deadline(
        DateOnly decidedOn, DateOnly? servedOn, DateOnly submissionDate, int complianceDays, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentOutOfRangeException.ThrowIfNegative(complianceDays);

        var start = servedOn ?? decidedOn;
        if (submissionDate > start)
        {
            start = submissionDate;
        }

        var lastDay = start.AddDays(complianceDays);
        return StartOfDay(lastDay.AddDays(1), zone).ToUniversalTime();
    }

    /// <summary>The instant a day ends in the zone (the next day's local midnight), as UTC.</summary>
    public static DateTimeOffset EndOfDay(DateOnly day, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return StartOfDay(day.AddDays(1), zone).ToUniversalTime();
    }

    // Local midnight of `day` as an instant. Some zones (America/Santiago, Asia/Beirut...) jump from 23:59:59 to
    // 01:00, so midnight may not exist: the day then starts at the first local minute that does. When midnight
    // happens twice, the day starts at the first of the two (the larger offset).
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        for (var guard = 0; zone.IsInvalidTime(local) && guard < 48 * 60; guard++)
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local)
            ? zone.GetAmbiguousTimeOffsets(local).Max()
            : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    // IANA ids are ASCII paths like "Europe/Paris", "America/Argentina/Buenos_Aires", "Etc/GMT+5". Checking the
    // shape first keeps path tricks ("../../etc/passwd") and Windows display names away from the file system lookup.
    private static bool LooksLikeIanaId(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || id[0] == '/' || id[^1] == '/' || id.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+'))
            {
                return false;
            }
        }

        return true;
    }
}
