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
/// <param name="ComplianceDays">Days the engines have to comply; defaults to the ruling's.</param>
/// <param name="InForceUntil">Last day the new sites are in force. Required for a court decision; for an ARCOM request it defaults to, and may not exceed, the ruling's.</param>
/// <param name="Sites">The sites to add (1 to 1,000); `mirrorOf` names the ruling's site each one reproduces (required for an ARCOM request).</param>
/// <param name="MirrorReports">Ids of this ruling's reports, still `reported`, whose domain is among the sites: they become `included`.</param>
public sealed record ExtensionBody(
    string? Basis,
    string? Reference,
    DateOnly? DecidedOn,
    DateOnly? ServedOn,
    int? ComplianceDays,
    DateOnly? InForceUntil,
    IReadOnlyList<ExtensionSiteInput?>? Sites,
    IReadOnlyList<string?>? MirrorReports);

/// <summary>A site added by an extension.</summary>
public sealed record ExtensionSiteInput(string? Domain, string? Network, string? MirrorOf);

/// <summary>An extension of a ruling's site list, as stored.</summary>
public sealed record ExtensionContract(
    string Id,
    string RulingId,
    string Basis,
    string Reference,
    DateOnly DecidedOn,
    DateOnly? ServedOn,
    int ComplianceDays,
    DateOnly InForceUntil,
    IReadOnlyList<SiteContract> Sites,
    IReadOnlyList<string> MirrorReports,
    DateTimeOffset CreatedAt);

public static class ExtensionBasis
{
    public const string CourtDecision = "court-decision", ArcomRequest = "arcom-request";

    public static readonly IReadOnlyList<string> All = [CourtDecision, ArcomRequest];
}
