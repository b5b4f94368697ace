using System.ComponentModel.DataAnnotations;
using Delisting.Api.Domain;
using Delisting.Api.Http;

namespace Delisting.Api.Requests;

/// <summary>Body of POST /v1/requests: URLs to delist under one ruling, on behalf of your organisation.</summary>
/// <param name="RulingId">
/// Id of the ruling that orders the delisting. Your organisation must be one of its plaintiffs and the ruling in force today, in its time zone (see
/// GET /v1/rulings).</param>
/// <param name="ClientReference">
/// Your own reference for this request (a crawl or batch id), at most 200 characters. Shown back on the request; not interpreted.</param>
/// <param name="Urls">
/// 1 to 10,000 absolute http(s) URLs, each at most 2,048 characters, whose host is a listed domain of the ruling or a subdomain of one. Normalized
/// before matching (scheme and host lowercase, IDN to ASCII, default port and fragment dropped); a URL given twice is kept once.</param>
/// <param name="Captures">0 to 100 stored captures (PUT /v1/evidence/{sha256}) showing the pages; a capture's url, when given, is one
/// of this request's URLs.</param>
/// <example>{ "rulingId": "demo-ruling-in-force", "clientReference": "apc-crawl-001", "urls": [ "https://www.streaming-demo.example/film/123",
/// "https://streaming-demo.example/film/124#player" ] }</example>
public sealed record SubmitRequestBody(
    [property: Required] string? RulingId,
    [property: MaxLength(SubmitRequestBodyValidator.MaxClientReference)] string? ClientReference,
    [property: Required, MinLength(1), MaxLength(SubmitRequestBodyValidator.MaxUrls)] IReadOnlyList<string?>? Urls,
    [property: MaxLength(Evidence.CaptureInputValidator.MaxCaptures)] IReadOnlyList<Evidence.CaptureInput?>? Captures = null)
{
    /// <summary>Binds the body from the bytes admission read, its URLs left in them (see <see cref="SubmittedBody"/>).</summary>
    public static ValueTask<SubmitRequestBody?> BindAsync(HttpContext context) => SubmittedBody.ReadAsync(context);
}

/// <summary>One accepted URL of a request.</summary>
/// <param name="Url">The URL as normalized and stored.</param>
/// <param name="NoticeId">
/// The notice for this URL under the ruling: one per ruling and normalized URL, shared by every request that names the URL.</param>
/// <param name="Site">The listed domain of the ruling that covers the URL's host (the most specific one).</param>
/// <param name="AlreadyRequested">
/// True when the URL had already been submitted under the ruling (by any organisation): its notice and items are reused, with their history.</param>
public sealed record RequestUrlContract(string Url, string NoticeId, string Site, bool AlreadyRequested);

/// <summary>A delisting request with its URLs and per-engine status as of now.</summary>
/// <param name="Id">Opaque id of the request (req_…).</param>
/// <param name="RulingId">The ruling the request was made under.</param>
/// <param name="Organisation">The rights-holder organisation that made the request.</param>
/// <param name="ClientReference">The submitter's own reference, or null when none was given.</param>
/// <param name="SubmittedAt">When the request was accepted (UTC).</param>
/// <param name="Deadline">
/// When its new items become overdue (UTC): the end of the day max(servedOn ?? decidedOn, submission date) + complianceDays, in the ruling's time
/// zone.</param>
/// <param name="Urls">The accepted URLs, in the order they were submitted.</param>
/// <param name="Summary">Per engine id of the ruling: counts of the request's items by status, derived from the clock when read.</param>
/// <param name="State">open while any item is pending or acknowledged, else closed.</param>
/// <example>{ "id": "req_6f1c2b9a8d7e4f30a1b2c3d4e5f60718", "rulingId": "demo-ruling-in-force", "organisation": "apc",
/// "clientReference": "apc-crawl-001", "submittedAt": "2026-11-29T09:00:00Z", "deadline": "2026-12-14T23:00:00Z", "urls": [ {
/// "url": "https://www.streaming-demo.example/film/123", "noticeId": "ntc_0b9f3c1d2e4a5b6c7d8e9f0a1b2c3d4e", "site": "streaming-demo.example",
/// "alreadyRequested": false } ], "summary": { "bing": { "pending": 1, "acknowledged": 0, "delisted": 0, "rejected": 0, "withdrawn": 0,
/// "relistPending": 0, "relisted": 0, "overdue": 0, "lapsed": 0 }, "google": { "pending": 1, "acknowledged": 0, "delisted": 0, "rejected": 0,
/// "withdrawn": 0, "relistPending": 0, "relisted": 0, "overdue": 0, "lapsed": 0 } }, "state": "open" }</example>
public sealed record RequestContract(
    string Id,
    string RulingId,
    string Organisation,
    string? ClientReference,
    DateTimeOffset SubmittedAt,
    DateTimeOffset Deadline,
    IReadOnlyList<RequestUrlContract> Urls,
    IReadOnlyDictionary<string, EngineSummary> Summary,
    [property: Vocabulary(typeof(RequestStates))] string State)
{
    /// <summary>The captures the request cites (GET /v1/evidence/{sha256} reads each), in the order given.</summary>
    public IReadOnlyList<Evidence.CaptureContract> Captures { get; init; } = [];
}

/// <summary>A request as listed: its summary without the URLs (GET /v1/requests/{requestId} has them).</summary>
/// <param name="Id">Opaque id of the request (req_…).</param>
/// <param name="RulingId">The ruling the request was made under.</param>
/// <param name="Organisation">The rights-holder organisation that made the request.</param>
/// <param name="ClientReference">The submitter's own reference, or null when none was given.</param>
/// <param name="SubmittedAt">When the request was accepted (UTC).</param>
/// <param name="Deadline">When its new items become overdue (UTC), computed in the ruling's time zone.</param>
/// <param name="UrlCount">How many distinct URLs the request carries.</param>
/// <param name="Summary">Per engine id of the ruling: counts of the request's items by status, as of now.</param>
/// <param name="State">open while any item is pending or acknowledged, else closed.</param>
/// <example>{ "id": "req_6f1c2b9a8d7e4f30a1b2c3d4e5f60718", "rulingId": "demo-ruling-in-force", "organisation": "apc",
/// "clientReference": "apc-crawl-001", "submittedAt": "2026-11-29T09:00:00Z", "deadline": "2026-12-14T23:00:00Z", "urlCount": 2, "summary": {
/// "google": { "pending": 1, "acknowledged": 0, "delisted": 1, "rejected": 0, "withdrawn": 0, "relistPending": 0, "relisted": 0, "overdue": 0,
/// "lapsed": 0 } }, "state": "open" }</example>
public sealed record RequestListItem(
    string Id,
    string RulingId,
    string Organisation,
    string? ClientReference,
    DateTimeOffset SubmittedAt,
    DateTimeOffset Deadline,
    long UrlCount,
    IReadOnlyDictionary<string, EngineSummary> Summary,
    [property: Vocabulary(typeof(RequestStates))] string State)
{
    /// <summary>The captures the request cites (GET /v1/evidence/{sha256} reads each), in the order given.</summary>
    public IReadOnlyList<Evidence.CaptureContract> Captures { get; init; } = [];
}

/// <summary>One entry of a request's audit trail. Events are never updated or deleted.</summary>
/// <param name="Id">Opaque id of the event (evt_…).</param>
/// <param name="Type">
/// submitted: the request was accepted; withdrawn: a claim on the URL of noticeId ended (this request's, or every claim, by an admin); reopened: this
/// request claimed a withdrawn URL again; status-changed: an item moved (an engine's report, or the end or return of the claims on its URL).</param>
/// <param name="At">When it happened (UTC).</param>
/// <param name="Actor">Who caused it.</param>
/// <param name="NoticeId">The URL's notice, for withdrawn, reopened and status-changed; null for submitted.</param>
/// <param name="ItemId">The item whose status changed; null otherwise.</param>
/// <param name="Engine">The engine of that item; null otherwise.</param>
/// <param name="From">The item's status before the change; null otherwise.</param>
/// <param name="To">The item's status after the change; null otherwise.</param>
/// <param name="ReasonCode">With a rejection: the engine's reason code; otherwise null.</param>
/// <param name="Reason">The engine's reason, the withdrawal's reason, or why a URL was reopened; or null.</param>
/// <example>{ "id": "evt_3a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9", "type": "status-changed", "at": "2026-11-30T10:15:00Z", "actor": {
/// "keyId": "key_demo_google", "role": "engine" }, "noticeId": "ntc_0b9f3c1d2e4a5b6c7d8e9f0a1b2c3d4e",
/// "itemId": "itm_0b9f3c1d2e4a5b6c7d8e9f0a1b2c3d4e_google", "engine": "google", "from": "pending", "to": "delisted", "reasonCode": null,
/// "reason": null }</example>
public sealed record EventContract(
    string Id,
    [property: Vocabulary(typeof(RequestEventTypes))] string Type,
    DateTimeOffset At,
    ActorContract Actor,
    string? NoticeId,
    string? ItemId,
    string? Engine,
    [property: Vocabulary(typeof(ItemStatus))] string? From,
    [property: Vocabulary(typeof(ItemStatus))] string? To,
    [property: Vocabulary(typeof(RejectionCodes))] string? ReasonCode,
    string? Reason);
