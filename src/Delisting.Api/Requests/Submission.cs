using Delisting.Api.Http;

namespace Delisting.Api.Requests;

/// <summary>
/// A request ready to be stored: URLs already normalized, matched to a site and deduplicated; its deadline is the earliest of its URLs'.</summary>
public sealed record Submission(
    string Id,
    Rulings.Ruling Ruling,
    string Organisation,
    string? ClientReference,
    DateTimeOffset SubmittedAt,
    DateTimeOffset Deadline,
    Caller Caller,
    IReadOnlyList<AcceptedUrl> Urls,
    IReadOnlyList<Evidence.CaptureContract> Captures);

/// <summary>
/// A normalized URL (kept in its submission's <see cref="UrlTexts"/>), the SHA-256 of its text (the notice key under a
/// ruling), the site that covers it, and that site's clock for it: when its items become overdue and when the
/// obligation on them ends.
/// </summary>
public sealed record AcceptedUrl(UrlTexts Texts, int Index, byte[] Hash, string Site, DateTimeOffset Deadline, DateTimeOffset ObligationEndsAt)
{
    /// <summary>The URL as normalized, made from its UTF-8 text each time it is read.</summary>
    public string Url => Texts[Index];
}
