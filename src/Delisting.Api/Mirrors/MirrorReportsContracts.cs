namespace Delisting.Api.Mirrors;

/// <summary>Body of POST /v1/rulings/{rulingId}/mirror-reports: a domain that reproduces a site of the ruling.</summary>
/// <param name="Domain">The mirror's domain; normalized like ruling sites (lowercase, ASCII, no trailing dot).</param>
/// <param name="MirrorOf">The site of the ruling it reproduces.</param>
/// <param name="Evidence">1 to 20 http(s) URLs on the reported domain showing the reproduced content.</param>
/// <param name="Note">Optional, up to 1,000 characters.</param>
public sealed record MirrorReportBody(string? Domain, string? MirrorOf, IReadOnlyList<string?>? Evidence, string? Note);

/// <summary>Body of POST …/mirror-reports/{id}/dismissal.</summary>
/// <param name="Reason">Why the report is dismissed, 1 to 1,000 characters.</param>
public sealed record DismissalBody(string? Reason);

/// <summary>
/// A mirror report. `status` is `reported` until an admin decides: `included` (an extension of the site list now
/// covers the domain, see `extensionId`) or `dismissed` (see `dismissalReason`). Both decisions are final.
/// </summary>
public sealed record MirrorReportContract(
    string Id,
    string RulingId,
    string Organisation,
    string Domain,
    string MirrorOf,
    IReadOnlyList<string> Evidence,
    string? Note,
    string Status,
    string? ExtensionId,
    string? DismissalReason,
    DateTimeOffset CreatedAt);

public static class MirrorReportStatus
{
    public const string Reported = "reported", Included = "included", Dismissed = "dismissed";

    public static readonly IReadOnlyList<string> All = [Reported, Included, Dismissed];
}
