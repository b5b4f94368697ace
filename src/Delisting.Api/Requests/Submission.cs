using Delisting.Api.Http;

namespace Delisting.Api.Requests;

/// <summary>A request ready to be stored: URLs already normalized, matched to a site and deduplicated.</summary>
public sealed record Submission(
    string Id,
    Rulings.Ruling Ruling,
    string Organisation,
    string? ClientReference,
    DateTimeOffset SubmittedAt,
    DateTimeOffset Deadline,
    Caller Caller,
    IReadOnlyList<AcceptedUrl> Urls);

/// <summary>A normalized URL, the SHA-256 of its text (the notice key under a ruling) and the site that covers it.</summary>
public sealed record AcceptedUrl(string Url, byte[] Hash, string Site);
