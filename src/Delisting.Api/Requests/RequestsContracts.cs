using Delisting.Api.Domain;

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

public sealed record EventContract(
    string Id,
    string Type,
    DateTimeOffset At,
    ActorContract Actor,
    string? ItemId,
    string? Engine,
    string? From,
    string? To,
    string? Reason);
