using System.ComponentModel.DataAnnotations;
using Delisting.Api.Http;
using Delisting.Api.Rulings;

namespace Delisting.Api.Extensions;

/// <summary>
/// Body of POST /v1/rulings/{rulingId}/extensions: sites added to a ruling's list by a new court decision
/// (`court-decision`) or by a request of the regulator ARCOM under art. L.331-27 of the Intellectual Property Code
/// (`arcom-request`, capped at the remaining duration of the ruling).
/// </summary>
/// <param name="Basis">`court-decision` or `arcom-request`.</param>
/// <param name="Reference">The decision's or request's reference, up to 200 characters.</param>
/// <param name="DecidedOn">The day of the decision or request (YYYY-MM-DD).</param>
/// <param name="ServedOn">The day it was served on the engines, or null; the new sites' window opens on servedOn ?? decidedOn.</param>
/// <param name="ComplianceDays">
/// Days the engines have to comply (1 to 365). Give this or responseTime, not both; with neither, the ruling's clock applies.</param>
/// <param name="InForceUntil">
/// Last day the new sites are in force. Required for a court decision; for an ARCOM request it defaults to, and may not exceed, the ruling's.</param>
/// <param name="Sites">The sites to add (1 to 1,000); `mirrorOf` names the ruling's site each one reproduces (required for an ARCOM request).</param>
/// <param name="MirrorReports">Ids of this ruling's reports, still `reported`, whose domain is among the sites: they become `included`.</param>
/// <param name="ResponseTime">
/// For urgent work on the new sites: an ISO 8601 duration in days, hours, minutes and whole seconds from PT5M to P30D (no years or months; whole
/// weeks alone, P1W to P4W, read as days). Give this or complianceDays, not both.</param>
/// <example>{ "basis": "court-decision", "reference": "RG 26/00042", "decidedOn": "2026-11-20", "servedOn": "2026-11-21", "complianceDays": 15,
/// "inForceUntil": "2027-11-21", "sites": [ { "domain": "films-demo-mirror.example", "network": "Demo streaming",
/// "mirrorOf": "films-demo.example" } ], "mirrorReports": [] }</example>
public sealed record ExtensionBody(
    [property: Required, Vocabulary(typeof(ExtensionBasis))] string? Basis,
    [property: Required] string? Reference,
    [property: Required] DateOnly? DecidedOn,
    DateOnly? ServedOn,
    int? ComplianceDays,
    DateOnly? InForceUntil,
    [property: Required, MinLength(1)] IReadOnlyList<ExtensionSiteInput?>? Sites,
    IReadOnlyList<string?>? MirrorReports,
    string? ResponseTime = null);

/// <summary>A site added by an extension.</summary>
/// <param name="Domain">
/// A registrable domain, normalized like ruling sites; not already covered by a site of the ruling whose window has not ended.</param>
/// <param name="Network">The network of sites it belongs to, at most 100 characters.</param>
/// <param name="MirrorOf">The site of the ruling this domain reproduces: required for an ARCOM request, optional for a court decision.</param>
/// <param name="ProtectedHostOverride">The decision's words ordering delisting on a protected host (GET /v1/protected-hosts), 1 to
/// 1,000 characters: accepted in a court decision only (an ARCOM request cannot override). Shown on the site, recorded in the
/// ruling's events.</param>
public sealed record ExtensionSiteInput([property: Required] string? Domain, string? Network, string? MirrorOf, string? ProtectedHostOverride = null);

/// <summary>An extension of a ruling's site list, as stored.</summary>
/// <param name="Id">Opaque id of the extension (ext_…).</param>
/// <param name="RulingId">The ruling extended.</param>
/// <param name="Basis">court-decision (a new judgment) or arcom-request (art. L.331-27 of the Intellectual Property Code).</param>
/// <param name="Reference">The decision's or request's reference.</param>
/// <param name="DecidedOn">The day of the decision or request, in the ruling's time zone.</param>
/// <param name="ServedOn">The day it was served on the engines, or null when unknown.</param>
/// <param name="ComplianceDays">Days the engines have to delist a URL on the new sites; null when they have a responseTime.</param>
/// <param name="ResponseTime">
/// ISO 8601 duration the engines have to delist a URL on the new sites (an urgent order); null when they count complianceDays.</param>
/// <param name="InForceUntil">Last day (inclusive) the new sites are in force.</param>
/// <param name="Sites">The sites added, each with its own window (addedBy is this extension's id).</param>
/// <param name="MirrorReports">Ids of the mirror reports this extension included.</param>
/// <param name="CreatedAt">When the extension was recorded (UTC).</param>
/// <example>{ "id": "ext_5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "rulingId": "demo-ruling-in-force", "basis": "court-decision",
/// "reference": "RG 26/00042", "decidedOn": "2026-11-20", "servedOn": "2026-11-21", "complianceDays": 15, "responseTime": null,
/// "inForceUntil": "2027-11-21", "sites": [ { "domain": "films-demo-mirror.example", "network": "Demo streaming", "mirrorOf": "films-demo.example",
/// "addedBy": "ext_5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "inForceFrom": "2026-11-21", "inForceUntil": "2027-11-21", "servedOn": "2026-11-21",
/// "complianceDays": 15, "responseTime": null, "protectedHostOverride": null } ], "mirrorReports": [],
/// "createdAt": "2026-11-29T09:00:00Z" }</example>
public sealed record ExtensionContract(
    string Id,
    string RulingId,
    [property: Vocabulary(typeof(ExtensionBasis))] string Basis,
    string Reference,
    DateOnly DecidedOn,
    DateOnly? ServedOn,
    int? ComplianceDays,
    string? ResponseTime,
    DateOnly InForceUntil,
    IReadOnlyList<SiteContract> Sites,
    IReadOnlyList<string> MirrorReports,
    DateTimeOffset CreatedAt);

public static class ExtensionBasis
{
    public const string CourtDecision = "court-decision", ArcomRequest = "arcom-request";

    public static readonly IReadOnlyList<string> All = [CourtDecision, ArcomRequest];
}
