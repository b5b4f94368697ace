namespace Delisting.Api.Requests;

/// <summary>Body of POST /v1/requests.</summary>
public sealed record SubmitRequest(string? RulingId, string? ClientReference, IReadOnlyList<string?>? Urls);

public sealed record RequestUrlContract(string Url, string NoticeId, string Site, bool AlreadyRequested);

/// <summary>Counts of a request's items for one engine; `overdue` counts open items past their deadline.</summary>
public sealed record EngineSummary(long Pending, long Acknowledged, long Delisted, long Rejected, long Overdue);

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

public static class RequestStates
{
    public const string Open = "open";
    public const string Closed = "closed";

    public static string Of(IReadOnlyDictionary<string, EngineSummary> summary) =>
        summary.Values.Any(s => s.Pending + s.Acknowledged > 0) ? Open : Closed;
}
