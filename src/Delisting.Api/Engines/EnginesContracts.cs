namespace Delisting.Api.Engines;

public sealed record EngineContract(string Id, string Name);

/// <summary>One URL for one engine, with its status as that engine's liaison reported it.</summary>
public sealed record ItemContract(
    string Id,
    string Engine,
    string Url,
    string Site,
    string RulingId,
    string NoticeId,
    string Status,
    DateTimeOffset Deadline,
    bool Overdue,
    DateTimeOffset? ObligationEndsAt,
    bool Lapsed,
    string? Reason,
    string? EngineReference,
    DateTimeOffset UpdatedAt);

/// <summary>Body of POST /v1/engines/{engine}/responses.</summary>
public sealed record ResponsesBatch(IReadOnlyList<EngineResponse?>? Responses);

public sealed record EngineResponse(string? ItemId, string? Status, string? Reason, string? EngineReference);

public sealed record ResponsesResult(int Applied, int Unchanged, IReadOnlyList<ItemContract> Items);
