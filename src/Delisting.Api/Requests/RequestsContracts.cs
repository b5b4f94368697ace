using Delisting.Api.Domain;
using Delisting.Api.Http;

namespace Delisting.Api.Requests;

/// <summary>Body of POST /v1/requests.</summary>
public sealed record SubmitRequestBody(string? RulingId, string? ClientReference, IReadOnlyList<string?>? Urls);

public sealed record RequestUrlContract(string Url, string NoticeId, string Site, bool AlreadyRequested);

public sealed record RequestContract(
    string Id,
    string RulingId,
    string Organisation,
    string? ClientReference,
    DateTimeOffset SubmittedAt,
    DateTimeOffset Deadline,
    IReadOnlyList<RequestUrlContract> Urls,
    IReadOnlyDictionary<string, EngineSummary> Summary,
    string State);

/// <summary>A request as listed: its summary without the URLs (GET /v1/requests/{id} has them).</summary>
public sealed record RequestListItem(
    string Id,
    string RulingId,
    string Organisation,
    string? ClientReference,
    DateTimeOffset SubmittedAt,
    DateTimeOffset Deadline,
    long UrlCount,
    IReadOnlyDictionary<string, EngineSummary> Summary,
    string State);

public sealed record ActorContract(string KeyId, string Role);

/// <summary>One entry of a request's audit trail.</summary>
/// <param name="Type">submitted; withdrawn (a claim on the URL of noticeId ended: this request's, or every claim, by an
/// admin); reopened (this request claimed a withdrawn URL again); status-changed (an item moved: an engine's report, or
/// the end or return of the claims on its URL).</param>
/// <param name="NoticeId">The URL's notice, for withdrawn, reopened and status-changed.</param>
/// <param name="ReasonCode">With a rejection: the engine's reason code.</param>
/// <param name="Reason">The engine's reason, the withdrawal's reason, or why a URL was reopened.</param>
public sealed record EventContract(
    string Id,
    [property: OpenApiValues(typeof(EventTypes), nameof(EventTypes.All))] string Type,
    DateTimeOffset At,
    ActorContract Actor,
    string? NoticeId,
    string? ItemId,
    string? Engine,
    [property: OpenApiValues(typeof(ItemStatus), nameof(ItemStatus.All))] string? From,
    [property: OpenApiValues(typeof(ItemStatus), nameof(ItemStatus.All))] string? To,
    [property: OpenApiValues(typeof(RejectionCodes), nameof(RejectionCodes.All))] string? ReasonCode,
    string? Reason);

/// <summary>The types of a request's events, as the events table's CHECK lists them.</summary>
public static class EventTypes
{
    public static readonly IReadOnlyList<string> All = ["submitted", "status-changed", "withdrawn", "reopened"];
}
