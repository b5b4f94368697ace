using System.ComponentModel.DataAnnotations;
using Delisting.Api.Data;
using Delisting.Api.Domain;
using Delisting.Api.Http;
using FluentValidation;

namespace Delisting.Api.Evidence;

/// <summary>A capture cited by a request or a mirror report: stored bytes (PUT /v1/evidence/{sha256}) and what they show.</summary>
/// <param name="Sha256">The SHA-256 of a capture already stored (PUT /v1/evidence/{sha256}), 64 lowercase hex digits.</param>
/// <param name="Url">The page captured, optional: for a request one of its URLs, for a mirror report a URL on the reported domain.</param>
/// <param name="CapturedAt">When the capture was taken (RFC 3339); not in the future.</param>
/// <param name="MediaType">The capture's media type (text/html, image/png, …), at most 200 characters.</param>
/// <param name="Description">What it shows, at most 1,000 characters.</param>
/// <example>{ "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "url": null, "capturedAt": "2026-11-28T18:00:00Z",
/// "mediaType": "text/html", "description": "The mirror's home page: same catalogue, same layout." }</example>
public sealed record CaptureInput([property: Required] string? Sha256, string? Url, [property: Required] DateTimeOffset? CapturedAt,
    [property: Required] string? MediaType, string? Description);

/// <summary>A capture cited by a request or a mirror report.</summary>
/// <param name="Sha256">The SHA-256 of the stored capture (GET /v1/evidence/{sha256}).</param>
/// <param name="Url">The page captured (normalized), or null.</param>
/// <param name="CapturedAt">When the capture was taken (UTC).</param>
/// <param name="MediaType">The capture's media type.</param>
/// <param name="Description">What it shows, or null.</param>
/// <example>{ "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "url": null, "capturedAt": "2026-11-28T18:00:00Z",
/// "mediaType": "text/html", "description": "The mirror's home page: same catalogue, same layout." }</example>
public sealed record CaptureContract(string Sha256, string? Url, DateTimeOffset CapturedAt, string MediaType, string? Description);

public sealed class CaptureInputValidator : AbstractValidator<CaptureInput>
{
    public const int MaxCaptures = 100;

    public CaptureInputValidator()
    {
        RuleFor(c => c.Sha256).Must(EvidenceApi.IsHash).WithMessage("sha256 must be 64 lowercase hex digits: the hash of a stored capture.");
        RuleFor(c => c.CapturedAt).NotNull().WithMessage("capturedAt is required (RFC 3339).");
        RuleFor(c => c.MediaType).NotEmpty().WithMessage("mediaType is required (like text/html).").MaximumLength(200).PlainText();
        RuleFor(c => c.Description).MaximumLength(1000).PlainText(multiLine: true);
        RuleFor(c => c.Url).Must(u => u is null || UrlNormalizer.Normalize(u).IsValid)
            .WithMessage(c => UrlNormalizer.Normalize(c.Url).Error ?? "Invalid URL.");
    }
}

/// <summary>The rules of captures that need the store and the clock, and their rows: written with what cites them, read with it.</summary>
public static class Captures
{
    private static readonly string[] Columns = ["ruling_id", "request_id", "mirror_report_id", "position", "sha256", "url", "captured_at",
        "media_type", "description"];

    private const string SelectByReports = """
        SELECT mirror_report_id AS owner, sha256, url, captured_at, media_type, description
        FROM evidence_captures WHERE mirror_report_id IN @Ids ORDER BY mirror_report_id, position
        """;

    private const string SelectByRequest = """
        SELECT request_id AS owner, sha256, url, captured_at, media_type, description
        FROM evidence_captures WHERE request_id = @Id ORDER BY position
        """;

    /// <summary>
    /// The captures normalized, or the refusals keyed by JSON path: a hash not stored, a capture taken after <paramref name="now"/>,
    /// a URL <paramref name="urlAllowed"/> refuses (with <paramref name="urlRule"/> as the message).
    /// </summary>
    public static async Task<(List<CaptureContract> Captures, Dictionary<string, string[]> Errors)> CheckAsync(IReadOnlyList<CaptureInput?>? inputs,
        EvidenceStore store, DateTimeOffset now, Func<string, bool> urlAllowed, string urlRule, CancellationToken cancellationToken)
    {
        var captures = new List<CaptureContract>();
        var errors = new Dictionary<string, string[]>();
        if (inputs is null || inputs.Count == 0) return (captures, errors);
        var stored = await store.StoredAsync(inputs.Select(c => c!.Sha256!), cancellationToken);
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i]!;
            if (!stored.Contains(input.Sha256!)) errors[$"captures[{i}].sha256"] = [$"No capture is stored under {input.Sha256}: upload it first " +
                $"with PUT /v1/evidence/{input.Sha256}."];
            if (input.CapturedAt > now) errors[$"captures[{i}].capturedAt"] = [$"capturedAt {input.CapturedAt:O} is in the future (now {now:O})."];
            var url = input.Url is null ? null : UrlNormalizer.Normalize(input.Url).Url!;
            if (url is not null && !urlAllowed(url)) errors[$"captures[{i}].url"] = [urlRule];
            captures.Add(new CaptureContract(input.Sha256!, url, input.CapturedAt!.Value.ToUniversalTime(), input.MediaType!.Trim(),
                string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim()));
        }
        return (captures, errors);
    }

    /// <summary>Writes the captures of a request or a report inside the caller's session (with what cites them).</summary>
    public static Task InsertAsync(DbSession session, string rulingId, string? requestId, string? reportId,
        IReadOnlyList<CaptureContract> captures) =>
        captures.Count == 0 ? Task.CompletedTask : session.BulkInsertAsync("evidence_captures", Columns, captures.Select((c,
            position) => new object?[]
        {
            rulingId, requestId, reportId, position, c.Sha256, c.Url, c.CapturedAt, c.MediaType, c.Description,
        }));

    public static async Task<ILookup<string, CaptureContract>> OfReportsAsync(DbSession session, IEnumerable<string> reportIds) =>
        (await session.QueryByKeysAsync<Row, string>(SelectByReports, "Ids", reportIds)).ToLookup(r => r.Owner, r => r.ToContract());

    public static async Task<IReadOnlyList<CaptureContract>> OfRequestAsync(DbSession session, string requestId) =>
        (await session.QueryAsync<Row>(SelectByRequest, new { Id = requestId })).Select(r => r.ToContract()).ToList();

    /// <summary>A capture as its columns read (sha256, url, captured_at, media_type, description; owner when selected).</summary>
    public sealed class Row
    {
        public string Owner { get; init; } = "";
        public string Sha256 { get; init; } = "";
        public string? Url { get; init; }
        public DateTimeOffset CapturedAt { get; init; }
        public string MediaType { get; init; } = "";
        public string? Description { get; init; }

        public CaptureContract ToContract() => new(Sha256, Url, CapturedAt, MediaType, Description);
    }
}
