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
/// <param name="Lapsing">For ruling-lapsing, when and on which sites the order ends, and the reader's open items there; otherwise null.</param>
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
    string? Reason,
    [property: Description("For ruling-lapsing, when and on which sites the order ends, and the reader's open items there; otherwise null.")]
    LapsingContract? Lapsing = null);

/// <summary>A warning that an order ends soon for some of its sites (contract v1.2): sent once per ruling, end instant and reader.</summary>
/// <param name="LapsesAt">When the order ends for these sites: the end of their inForceUntil day in the ruling's time zone (UTC).</param>
/// <param name="Sites">The sites (domains) whose window ends then.</param>
/// <param name="OpenItems">
/// The reader's open items on those sites when the warning was written: an engine's own items, an organisation's claimed ones.</param>
/// <example>{ "lapsesAt": "2027-11-29T23:00:00Z", "sites": [ "allostreaming.com" ], "openItems": 12 }</example>
public sealed record LapsingContract(DateTimeOffset LapsesAt, IReadOnlyList<string> Sites, long OpenItems);

/// <summary>A page of a feed. `next` is always set, also on an empty page: keep it and ask again (with `wait` to long-poll).</summary>
/// <param name="Items">The events after the cursor, oldest first.</param>
/// <param name="Next">The cursor to send as `after` next time.</param>
public sealed record FeedPage(IReadOnlyList<FeedEvent> Items, string Next);
