using System.ComponentModel.DataAnnotations;
using Delisting.Api.Http;

namespace Delisting.Api.Mirrors;

/// <summary>Body of POST /v1/rulings/{rulingId}/mirror-reports: a domain that reproduces a site of the ruling.</summary>
/// <param name="Domain">The mirror's domain; normalized like ruling sites (lowercase, ASCII, no trailing dot).</param>
/// <param name="MirrorOf">The site of the ruling it reproduces.</param>
/// <param name="Evidence">1 to 20 http(s) URLs on the reported domain showing the reproduced content.</param>
/// <param name="Note">Optional, up to 1,000 characters.</param>
/// <param name="Captures">0 to 100 stored captures (PUT /v1/evidence/{sha256}) proving the reproduction; a capture's url, when
/// given, is on the reported domain.</param>
/// <param name="ProtectedHostOverride">Not accepted here (422 when present): only a court decision overrides a protected host,
/// through POST /v1/rulings or a court-decision extension. A domain that is or covers a protected host cannot be reported.</param>
/// <example>{ "domain": "streaming-demo-copy.example", "mirrorOf": "streaming-demo.example", "evidence": [
/// "https://streaming-demo-copy.example/film/123" ], "note": "Same catalogue, same layout." }</example>
public sealed record MirrorReportBody(
    [property: Required] string? Domain,
    [property: Required] string? MirrorOf,
    [property: Required, MinLength(1), MaxLength(MirrorReportBodyValidator.MaxEvidence)] IReadOnlyList<string?>? Evidence,
    string? Note,
    [property: MaxLength(Evidence.CaptureInputValidator.MaxCaptures)] IReadOnlyList<Evidence.CaptureInput?>? Captures = null,
    string? ProtectedHostOverride = null);

/// <summary>Body of POST …/mirror-reports/{id}/dismissal.</summary>
/// <param name="Reason">Why the report is dismissed, 1 to 1,000 characters.</param>
/// <example>{ "reason": "The domain only links to the original site; it hosts none of the content." }</example>
public sealed record DismissalBody([property: Required] string? Reason);

/// <summary>
/// A mirror report. `status` is `reported` until an admin decides: `included` (an extension of the site list now
/// covers the domain, see `extensionId`) or `dismissed` (see `dismissalReason`). Both decisions are final.
/// </summary>
/// <param name="Id">Opaque id of the report (mir_…).</param>
/// <param name="RulingId">The ruling whose site is reproduced.</param>
/// <param name="Organisation">The organisation that reported it.</param>
/// <param name="Domain">The mirror's domain, normalized.</param>
/// <param name="MirrorOf">The site of the ruling it reproduces.</param>
/// <param name="Evidence">URLs on the mirror showing the reproduced content.</param>
/// <param name="Note">The reporter's note, or null.</param>
/// <param name="Status">reported until an admin decides; included or dismissed are final.</param>
/// <param name="ExtensionId">The extension that included the domain, once included; else null.</param>
/// <param name="DismissalReason">Why the report was dismissed, once dismissed; else null.</param>
/// <param name="CreatedAt">When the report was made (UTC).</param>
/// <example>{ "id": "mir_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d", "rulingId": "demo-ruling-in-force", "organisation": "apc",
/// "domain": "streaming-demo-copy.example", "mirrorOf": "streaming-demo.example", "evidence": [ "https://streaming-demo-copy.example/film/123" ],
/// "note": "Same catalogue, same layout.", "status": "reported", "extensionId": null, "dismissalReason": null,
/// "createdAt": "2026-11-29T09:00:00Z" }</example>
public sealed record MirrorReportContract(
    string Id,
    string RulingId,
    string Organisation,
    string Domain,
    string MirrorOf,
    IReadOnlyList<string> Evidence,
    string? Note,
    [property: Vocabulary(typeof(MirrorReportStatus))] string Status,
    string? ExtensionId,
    string? DismissalReason,
    DateTimeOffset CreatedAt)
{
    /// <summary>The captures the report cites (GET /v1/evidence/{sha256} reads each), in the order given.</summary>
    public IReadOnlyList<Evidence.CaptureContract> Captures { get; init; } = [];
}

public static class MirrorReportStatus
{
    public const string Reported = "reported", Included = "included", Dismissed = "dismissed";

    public static readonly IReadOnlyList<string> All = [Reported, Included, Dismissed];
}
