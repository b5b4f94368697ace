using Delisting.Api.Domain;

namespace Delisting.Api.Rulings;

/// <summary>A court ruling as the service reasons about it (not a wire contract, not a row).</summary>
public sealed record Ruling(
    string Id,
    string Court,
    string CaseReference,
    DateOnly DecidedOn,
    DateOnly? ServedOn,
    string TimeZone,
    int? ComplianceDays,
    DateOnly InForceUntil,
    string? Note,
    IReadOnlyList<string> Plaintiffs,
    IReadOnlyList<string> Engines,
    IReadOnlyList<SiteWindow> Sites,
    TimeSpan? ResponseTime = null)
{
    /// <summary>
    /// The ruling a validated POST /v1/rulings body (or seed) describes, its domains normalized. The sites of the
    /// original decision carry the ruling's own dates and clock (compliance days or a response time).
    /// </summary>
    public static Ruling From(CreateRulingRequest body)
    {
        TimeSpan? responseTime = ResponseTimes.TryParse(body.ResponseTime, out var parsed, out _) ? parsed : null;
        var complianceDays = responseTime is null ? body.ComplianceDays : null;
        return new(
            body.Id!, body.Court!.Trim(), body.CaseReference!.Trim(), body.DecidedOn!.Value, body.ServedOn,
            body.TimeZone ?? "Europe/Paris", complianceDays, body.InForceUntil!.Value,
            string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim(), body.Plaintiffs!, body.Engines!,
            body.Sites!.Select(s =>
            {
                HostNames.TryNormalizeDomain(s.Domain, out var domain, out _);
                return new SiteWindow(domain, string.IsNullOrWhiteSpace(s.Network) ? null : s.Network.Trim(), null, null,
                    body.ServedOn ?? body.DecidedOn!.Value, body.InForceUntil!.Value, body.ServedOn, complianceDays, responseTime,
                    string.IsNullOrWhiteSpace(s.ProtectedHostOverride) ? null : s.ProtectedHostOverride.Trim());
            }).ToList(),
            responseTime);
    }

    /// <summary>The day the compliance period starts: service of the judgment, or its date when service is unknown.</summary>
    public DateOnly StartsOn => ServedOn ?? DecidedOn;

    public TimeZoneInfo Zone => RulingCalendar.TryFindZone(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    public DateOnly Today(DateTimeOffset now) => RulingCalendar.Today(now, Zone);

    /// <summary>The original decision's own window (an ARCOM extension is capped by its end).</summary>
    public bool OwnWindowOver(DateTimeOffset now) => Today(now) > InForceUntil;

    /// <summary>A ruling is in force while at least one of its sites is.</summary>
    public bool InForce(DateTimeOffset now)
    {
        var today = Today(now);
        return Sites.Any(s => s.InForceOn(today));
    }

    /// <summary>The ruling's sites indexed for matching hosts.</summary>
    public SiteIndex SiteIndex() => new(Sites);
}
