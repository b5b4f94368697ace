using System.ComponentModel;
using Delisting.Api.Extensions;
using Delisting.Api.Http;
using Delisting.Api.Mirrors;
using Delisting.Api.Changes;
using Delisting.Api.Engines;

namespace Delisting.Api.Feeds;

/// <summary>One event of a change feed.</summary>
/// <param name="Id">The event's id (evt_…), stable: a reader, or a webhook receiver, can drop a duplicate by it.</param>
/// <param name="Type">What happened; see the feed's description for the types it carries.</param>
/// <param name="At">When it happened (UTC).</param>
/// <param name="RulingId">The ruling concerned.</param>
/// <param name="RequestId">For item-created, the request that created the item; otherwise null.</param>
/// <param name="Item">The item as it was right after the event, or null for events about a ruling or a report.</param>
/// <param name="Extension">For ruling-extended, the extension; otherwise null.</param>
/// <param name="MirrorReport">For mirror-report-decided, the report as decided; otherwise null.</param>
/// <param name="From">The item's (or report's) status before the event, or null.</param>
/// <param name="To">Its status after the event, or null.</param>
/// <param name="ReasonCode">For a rejection, the engine's reason code; otherwise null.</param>
/// <param name="Reason">The reason given with the change (a rejection, a withdrawal, a dismissal), or null.</param>
public sealed record FeedEvent(
    string Id,
    [property: Vocabulary(typeof(FeedEventTypes))] string Type,
    DateTimeOffset At,
    string RulingId,
    string? RequestId,
    [property: Description("The item as it was right after the event, or null for events about a ruling or a report.")] ItemContract? Item,
    [property: Description("For ruling-extended, the extension; otherwise null.")] ExtensionContract? Extension,
    [property: Description("For mirror-report-decided, the report as decided; otherwise null.")] MirrorReportContract? MirrorReport,
    string? From,
    string? To,
    string? ReasonCode,
    string? Reason);

/// <summary>A page of a feed. `next` is always set, also on an empty page: keep it and ask again (with `wait` to long-poll).</summary>
/// <param name="Items">The events after the cursor, oldest first.</param>
/// <param name="Next">The cursor to send as `after` next time.</param>
public sealed record FeedPage(IReadOnlyList<FeedEvent> Items, string Next);
