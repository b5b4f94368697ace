using Delisting.Api.Domain;
using Delisting.Api.Http;

namespace Delisting.Api.Engines;

public sealed record EngineContract(string Id, string Name);

/// <summary>One URL for one engine, with its status as that engine's liaison reported it.</summary>
/// <param name="Status">pending, acknowledged, delisted, rejected (reported by the engine); withdrawn (the last claim
/// on the URL ended before the engine delisted it: nothing left to do); relist-pending (the last claim ended after
/// the engine delisted it: the engine must put it back); relisted (the engine reports that it did).</param>
/// <param name="ReasonCode">With rejected: not-found, not-in-index, not-covered, lawful-content, duplicate or other.</param>
/// <param name="Reason">The engine's free text; always given with the reason code other.</param>
public sealed record ItemContract(
    string Id,
    string Engine,
    string Url,
    string Site,
    string RulingId,
    string NoticeId,
    [property: OpenApiValues(typeof(ItemStatus), nameof(ItemStatus.All))] string Status,
    DateTimeOffset Deadline,
    bool Overdue,
    [property: OpenApiValues(typeof(RejectionCodes), nameof(RejectionCodes.All))] string? ReasonCode,
    string? Reason,
    string? EngineReference,
    DateTimeOffset UpdatedAt);

/// <summary>Body of POST /v1/engines/{engine}/responses.</summary>
public sealed record ResponsesBatch(IReadOnlyList<EngineResponse?>? Responses);

/// <summary>What the engine did with one item.</summary>
/// <param name="Status">acknowledged, delisted, rejected, or relisted (accepted only from relist-pending).</param>
/// <param name="ReasonCode">Required with rejected: not-found, not-in-index, not-covered, lawful-content, duplicate or other.</param>
/// <param name="Reason">Free text, required with the reason code other and optional otherwise (at most 1,000 characters).</param>
public sealed record EngineResponse(
    string? ItemId,
    [property: OpenApiValues(typeof(ItemStatus), nameof(ItemStatus.Reportable))] string? Status,
    string? Reason,
    string? EngineReference,
    [property: OpenApiValues(typeof(RejectionCodes), nameof(RejectionCodes.All))] string? ReasonCode = null);

public sealed record ResponsesResult(int Applied, int Unchanged, IReadOnlyList<ItemContract> Items);
