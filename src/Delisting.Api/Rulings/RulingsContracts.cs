using System.ComponentModel.DataAnnotations;

namespace Delisting.Api.Rulings;

/// <summary>A site of a ruling with its own window: the original decision's sites have `addedBy: null` and the ruling's dates.</summary>
/// <param name="Domain">The domain, lowercase ASCII (IDNA) without a trailing dot. It covers the domain itself and every subdomain of it.</param>
/// <param name="Network">The network of sites it belongs to (for people; not interpreted), or null.</param>
/// <param name="MirrorOf">The site of the ruling this one mirrors, when an extension added it as a mirror; else null.</param>
/// <param name="AddedBy">Id of the extension (ext_…) that added the site; null for the original decision's sites.</param>
/// <param name="InForceFrom">
/// First day (in the ruling's time zone) URLs on the site can be submitted: servedOn ?? decidedOn of the decision that added it.</param>
/// <param name="InForceUntil">Last day (inclusive, in the ruling's time zone) URLs on the site can be submitted; open items lapse after it.</param>
/// <param name="ServedOn">Date the decision that added the site was served, or null when unknown.</param>
/// <param name="ComplianceDays">
/// Days an engine has to delist a URL on this site, counted from max(inForceFrom, submission date); null when the site has a responseTime.</param>
/// <param name="ResponseTime">
/// ISO 8601 duration (PT5M to P30D) an engine has to delist a URL on this site, counted exactly from max(submission instant, start of inForceFrom);
/// null when the site counts complianceDays.</param>
/// <param name="ProtectedHostOverride">The court's words that allow this site although it is or covers a protected host
/// (GET /v1/protected-hosts); null for every other site.</param>
public sealed record SiteContract(
    string Domain,
    string? Network,
    string? MirrorOf,
    string? AddedBy,
    DateOnly InForceFrom,
    DateOnly InForceUntil,
    DateOnly? ServedOn,
    int? ComplianceDays,
    string? ResponseTime,
    string? ProtectedHostOverride)
{
    public static SiteContract From(Domain.SiteWindow site) => new(site.Domain, site.Network, site.MirrorOf, site.AddedBy,
        site.InForceFrom, site.InForceUntil, site.ServedOn, site.ComplianceDays, Format(site.ResponseTime), site.ProtectedHostOverride);

    /// <summary>A response time as reads show it, or null.</summary>
    public static string? Format(TimeSpan? responseTime) => responseTime is { } value ? Api.Domain.ResponseTimes.Format(value) : null;
}

/// <summary>A court ruling: who must delist which sites, for whom, within how many days, until when.</summary>
/// <param name="Id">Slug chosen by the admin who recorded the ruling ([a-z0-9-], 3 to 100 characters).</param>
/// <param name="Court">The court that decided.</param>
/// <param name="CaseReference">The court's case reference (RG number).</param>
/// <param name="DecidedOn">Date of the decision, in the ruling's time zone.</param>
/// <param name="ServedOn">
/// Date the judgment was served on the engines, in the ruling's time zone; null when unknown, and then decidedOn stands in for it.</param>
/// <param name="TimeZone">IANA time zone in which the ruling's dates and deadlines are counted.</param>
/// <param name="ComplianceDays">
/// Days an engine has to delist a URL, counted from max(servedOn ?? decidedOn, submission date); the deadline is the end of the last day. Null for an
/// urgent order (responseTime).</param>
/// <param name="ResponseTime">
/// For an urgent order, the ISO 8601 duration (PT5M to P30D) an engine has to delist a URL, counted exactly from max(submission instant, start of the
/// site window's first day); null when the ruling counts complianceDays.</param>
/// <param name="InForceUntil">Last day (inclusive, in the ruling's time zone) on which URLs can be submitted under the ruling.</param>
/// <param name="Plaintiffs">Ids of the rights-holder organisations that obtained the ruling; only they submit requests under it.</param>
/// <param name="Engines">Ids of the search engines the ruling binds; every accepted URL becomes one item per engine.</param>
/// <param name="Sites">The ordered site list.</param>
/// <param name="InForce">Derived from today's date in the ruling's time zone: (servedOn ?? decidedOn) ≤ today ≤ inForceUntil.</param>
/// <param name="Note">Free-text note of the admin (how a date was estimated), or null.</param>
/// <example>{ "id": "tgi-paris-2013-11-28-allostreaming", "court": "Tribunal de grande instance de Paris", "caseReference": "RG 11/60013",
/// "decidedOn": "2013-11-28", "servedOn": null, "timeZone": "Europe/Paris", "complianceDays": 15, "responseTime": null, "inForceUntil": "2014-12-13",
/// "plaintiffs": [ "apc", "fndf", "sevn", "upf", "spi" ], "engines": [ "google", "bing", "orange", "yahoo" ], "sites": [ {
/// "domain": "allostreaming.com", "network": "Allostreaming", "mirrorOf": null, "addedBy": null, "inForceFrom": "2013-11-28",
/// "inForceUntil": "2014-12-13", "servedOn": null, "complianceDays": 15, "responseTime": null, "protectedHostOverride": null }, {
/// "domain": "dpstream.tv", "network": "DPStream", "mirrorOf": null, "addedBy": null, "inForceFrom": "2013-11-28", "inForceUntil": "2014-12-13",
/// "servedOn": null, "complianceDays": 15, "responseTime": null, "protectedHostOverride": null } ], "inForce": false,
/// "note": "The date of service is not known, so the decision date stands in for it." }</example>
public sealed record RulingContract(
    string Id,
    string Court,
    string CaseReference,
    DateOnly DecidedOn,
    DateOnly? ServedOn,
    string TimeZone,
    int? ComplianceDays,
    string? ResponseTime,
    DateOnly InForceUntil,
    IReadOnlyList<string> Plaintiffs,
    IReadOnlyList<string> Engines,
    IReadOnlyList<SiteContract> Sites,
    bool InForce,
    string? Note)
{
    public static RulingContract From(Ruling ruling, DateTimeOffset now) => new(
        ruling.Id, ruling.Court, ruling.CaseReference, ruling.DecidedOn, ruling.ServedOn, ruling.TimeZone,
        ruling.ComplianceDays, SiteContract.Format(ruling.ResponseTime), ruling.InForceUntil, ruling.Plaintiffs, ruling.Engines,
        ruling.Sites.Select(SiteContract.From).ToList(), ruling.InForce(now), ruling.Note);
}

/// <summary>Body of POST /v1/rulings. Fields are nullable in code so that a missing one is a 422 naming it, not a 400.</summary>
/// <param name="Id">Slug for the ruling: 3 to 100 characters of a-z, 0-9 and '-'. Must not exist yet (409).</param>
/// <param name="Court">The court that decided, at most 200 characters.</param>
/// <param name="CaseReference">The court's case reference, at most 100 characters.</param>
/// <param name="DecidedOn">Date of the decision (YYYY-MM-DD), in the ruling's time zone.</param>
/// <param name="ServedOn">
/// Date of service on the engines (YYYY-MM-DD), not before decidedOn; omit or null when unknown (decidedOn then stands in for it).</param>
/// <param name="TimeZone">IANA time zone of the court; default Europe/Paris.</param>
/// <param name="ComplianceDays">Days an engine has to delist a URL, 1 to 365. Give this or responseTime, not both.</param>
/// <param name="ResponseTime">
/// For an urgent order: an ISO 8601 duration in days, hours, minutes and whole seconds from PT5M to P30D (no years or months; whole weeks alone,
/// P1W to P4W, read as days); deadlines are then exact instants. Give this or complianceDays, not both.</param>
/// <param name="InForceUntil">Last day (YYYY-MM-DD, inclusive) of the order; not before the ruling takes effect.</param>
/// <param name="Plaintiffs">Ids of known organisations (GET /v1/organisations), at least one, no duplicates.</param>
/// <param name="Engines">Ids of known engines (GET /v1/engines), at least one, no duplicates.</param>
/// <param name="Sites">
/// 1 to 10,000 sites. Each domain is normalized (lowercase, IDNA, trailing dot removed) and must be a registrable domain, not a public
/// suffix.</param>
/// <param name="Note">Free-text note, at most 2,000 characters.</param>
/// <example>{ "id": "tj-paris-example", "court": "Tribunal judiciaire de Paris", "caseReference": "RG 26/00001", "decidedOn": "2026-11-19",
/// "servedOn": "2026-11-22", "timeZone": "Europe/Paris", "complianceDays": 15, "inForceUntil": "2027-11-22", "plaintiffs": [ "apc", "fndf" ],
/// "engines": [ "google", "bing" ], "sites": [ { "domain": "WWW.Example-Pirate.COM.", "network": "Example" } ],
/// "note": "Example ruling from the API documentation." }</example>
public sealed record CreateRulingRequest(
    [property: Required, RegularExpression(CreateRulingValidator.SlugPattern)] string? Id,
    [property: Required] string? Court,
    [property: Required] string? CaseReference,
    [property: Required] DateOnly? DecidedOn,
    DateOnly? ServedOn,
    string? TimeZone,
    int? ComplianceDays,
    [property: Required] DateOnly? InForceUntil,
    [property: Required] IReadOnlyList<string>? Plaintiffs,
    [property: Required] IReadOnlyList<string>? Engines,
    [property: Required, MinLength(1), MaxLength(CreateRulingValidator.MaxSites)] IReadOnlyList<SiteInput>? Sites,
    string? Note,
    string? ResponseTime = null);

/// <summary>A site to list on a new ruling.</summary>
/// <param name="Domain">A registrable domain (not a public suffix, no scheme, path, port or wildcard); stored normalized. A domain
/// that is or covers a protected host (GET /v1/protected-hosts) is refused unless protectedHostOverride is given.</param>
/// <param name="Network">The network of sites it belongs to, at most 100 characters.</param>
/// <param name="ProtectedHostOverride">The decision's words ordering delisting on a protected host, 1 to 1,000 characters: only a
/// court gives one. Shown on the site and recorded in the ruling's events.</param>
public sealed record SiteInput([property: Required] string? Domain, string? Network, string? ProtectedHostOverride = null);

/// <summary>The types of a ruling's own history events.</summary>
public static class RulingEventTypes
{
    public const string Extended = "extended", MirrorReported = "mirror-reported", MirrorDismissed = "mirror-dismissed", Withdrawn = "withdrawn",
        ProtectedHostOverride = "protected-host-override";
    public static readonly IReadOnlyList<string> All = [Extended, MirrorReported, MirrorDismissed, Withdrawn, ProtectedHostOverride];
}
