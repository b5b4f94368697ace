using System.ComponentModel.DataAnnotations;
using Delisting.Api.Domain;
using Delisting.Api.Http;

namespace Delisting.Api.Engines;

/// <summary>A search engine that rulings can bind.</summary>
/// <param name="Id">Engine id used everywhere else in the API.</param>
/// <param name="Name">Display name.</param>
/// <example>{ "id": "google", "name": "Google" }</example>
public sealed record EngineContract(string Id, string Name);

/// <summary>One URL for one engine, with its status as that engine's liaison reported it.</summary>
/// <param name="Id">Opaque id of the item (itm_…); the engine's liaison reports on it by this id.</param>
/// <param name="Engine">The engine that must act.</param>
/// <param name="Url">The normalized URL to delist.</param>
/// <param name="Site">The listed domain of the ruling that covers the URL.</param>
/// <param name="RulingId">The ruling that orders the delisting.</param>
/// <param name="NoticeId">The notice (ruling and URL) the item belongs to.</param>
/// <param name="Status">
/// pending, acknowledged, delisted, rejected (reported by the engine); withdrawn (the last claim on the URL ended before the engine delisted it:
/// nothing left to do); relist-pending (the last claim ended after the engine delisted it: the engine must put it back); relisted (the engine reports
/// that it did).</param>
/// <param name="Deadline">When the item becomes overdue (UTC): the end of its last compliance day in the ruling's time zone.</param>
/// <param name="Overdue">Derived when read: still pending or acknowledged, now ≥ deadline, and not lapsed.</param>
/// <param name="ObligationEndsAt">
/// When the order stops binding the engine for this URL (UTC): the end of its site's inForceUntil day in the ruling's time zone; null only while a
/// notice from before site windows is being filled in at start-up.</param>
/// <param name="Lapsed">
/// Derived when read: still pending or acknowledged at obligationEndsAt. A lapsed item leaves the queue and is not overdue; the engine may still
/// report on it.</param>
/// <param name="ReasonCode">With rejected: not-found, not-in-index, not-covered, lawful-content, duplicate or other; otherwise null.</param>
/// <param name="Reason">The engine's free text for its last report (always given with the reason code other), or null.</param>
/// <param name="EngineReference">The engine's own reference for its last report (a ticket id), or null.</param>
/// <param name="UpdatedAt">When the status last changed, or when the item was created (UTC).</param>
/// <example>{ "id": "itm_0b9f3c1d2e4a5b6c7d8e9f0a1b2c3d4e_google", "engine": "google", "url": "https://www.streaming-demo.example/film/123",
/// "site": "streaming-demo.example", "rulingId": "demo-ruling-in-force", "noticeId": "ntc_0b9f3c1d2e4a5b6c7d8e9f0a1b2c3d4e", "status": "pending",
/// "deadline": "2026-12-14T23:00:00Z", "overdue": false, "obligationEndsAt": "2027-11-29T23:00:00Z", "lapsed": false, "reasonCode": null,
/// "reason": null, "engineReference": null, "updatedAt": "2026-11-29T09:00:00Z" }</example>
public sealed record ItemContract(
    string Id,
    string Engine,
    string Url,
    string Site,
    string RulingId,
    string NoticeId,
    [property: Vocabulary(typeof(ItemStatus))] string Status,
    DateTimeOffset Deadline,
    bool Overdue,
    DateTimeOffset? ObligationEndsAt,
    bool Lapsed,
    [property: Vocabulary(typeof(RejectionCodes))] string? ReasonCode,
    string? Reason,
    string? EngineReference,
    DateTimeOffset UpdatedAt);

/// <summary>Body of POST /v1/engines/{engine}/responses: what the engine did, applied all or nothing.</summary>
/// <param name="Responses">1 to 1,000 responses, each naming a different item of this engine.</param>
/// <example>{ "responses": [ { "itemId": "itm_0b9f3c1d2e4a5b6c7d8e9f0a1b2c3d4e_google", "status": "acknowledged",
/// "engineReference": "G-123" } ] }</example>
public sealed record ResponsesBatch(
    [property: Required, MinLength(1), MaxLength(ResponsesBatchValidator.MaxResponses)] IReadOnlyList<EngineResponse?>? Responses);

/// <summary>The engine's report on one item.</summary>
/// <param name="ItemId">Id of an item in this engine's queue (from GET /v1/engines/{engine}/items).</param>
/// <param name="Status">
/// The item's new status: acknowledged, delisted, rejected, or relisted (accepted only from relist-pending). Allowed: pending → acknowledged →
/// delisted or rejected; pending → delisted or rejected; rejected → delisted; relist-pending → relisted. Reporting the current status again is
/// counted as unchanged.</param>
/// <param name="Reason">
/// Free text for the rights holder, required with the reason code other and optional otherwise (at most 1,000 characters).</param>
/// <param name="EngineReference">The engine's own reference (a ticket id), at most 200 characters.</param>
/// <param name="ReasonCode">Required with rejected: not-found, not-in-index, not-covered, lawful-content, duplicate or other.</param>
public sealed record EngineResponse(
    [property: Required] string? ItemId,
    [property: Required, Vocabulary(typeof(ItemStatus), nameof(ItemStatus.Reportable))] string? Status,
    string? Reason,
    string? EngineReference,
    [property: Vocabulary(typeof(RejectionCodes))] string? ReasonCode = null);

/// <summary>The outcome of a batch of responses.</summary>
/// <param name="Applied">How many responses changed an item's status.</param>
/// <param name="Unchanged">How many reported the status the item already had.</param>
/// <param name="Items">The reported items as they are now, in the order of the batch.</param>
/// <example>{ "applied": 1, "unchanged": 0, "items": [ { "id": "itm_0b9f3c1d2e4a5b6c7d8e9f0a1b2c3d4e_google", "engine": "google",
/// "url": "https://www.streaming-demo.example/film/123", "site": "streaming-demo.example", "rulingId": "demo-ruling-in-force",
/// "noticeId": "ntc_0b9f3c1d2e4a5b6c7d8e9f0a1b2c3d4e", "status": "acknowledged", "deadline": "2026-12-14T23:00:00Z", "overdue": false,
/// "obligationEndsAt": "2027-11-29T23:00:00Z", "lapsed": false, "reasonCode": null, "reason": null, "engineReference": "G-123",
/// "updatedAt": "2026-11-29T10:30:00Z" } ] }</example>
public sealed record ResponsesResult(int Applied, int Unchanged, IReadOnlyList<ItemContract> Items);
