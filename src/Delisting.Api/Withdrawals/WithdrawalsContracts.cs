
using Delisting.Api.Engines;

namespace Delisting.Api.Withdrawals;

/// <summary>Body of POST /v1/requests/{requestId}/withdrawals and POST /v1/rulings/{rulingId}/withdrawals.</summary>
/// <param name="Urls">1 to 10,000 URLs, normalized as on submission: URLs of the request (or noticed under the ruling).</param>
/// <param name="Reason">Why the claim ends (a mistake, over-blocking, a court order): 1 to 1,000 characters, kept in the events.</param>
/// <example>{ "urls": [ "https://www.streaming-demo.example/film/123" ], "reason": "Sent by mistake: the film is licensed on this site." }</example>
public sealed record WithdrawalBody(
    [property: System.ComponentModel.DataAnnotations.Required] IReadOnlyList<string?>? Urls,
    [property: System.ComponentModel.DataAnnotations.Required] string? Reason);

/// <summary>What a withdrawal came to.</summary>
/// <param name="Withdrawn">The URLs whose claim is ended: every distinct URL sent.</param>
/// <param name="StillClaimed">How many of them another request still claims: their items do not move.</param>
/// <param name="Items">The items of those URLs as they now stand, in the order of the URLs sent, then by engine. An item
/// moves when the last claim on its URL ends: pending, acknowledged and rejected become withdrawn, delisted becomes
/// relist-pending (the engine must put the URL back).</param>
public sealed record WithdrawalResult(int Withdrawn, int StillClaimed, IReadOnlyList<ItemContract> Items);
