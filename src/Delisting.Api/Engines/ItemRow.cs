using Delisting.Api.Domain;

namespace Delisting.Api.Engines;

/// <summary>An item joined with its notice (URL, site, ruling, deadline), as the item queries select it.</summary>
public sealed class ItemRow
{
    /// <summary>
    /// The columns every item query selects, with `i` the items table and `n` the notices table. An item not yet
    /// reported on has no updated_at of its own: it was last changed when it was created with its notice.
    /// </summary>
    public const string Columns =
        "n.seq AS notice_seq, i.engine_id, n.url, n.site, n.ruling_id, n.id AS notice_id, i.status, n.deadline, i.reason_code, i.reason, " +
        "i.engine_reference, COALESCE(i.updated_at, n.created_at) AS updated_at, n.obligation_ends_at";

    /// <summary>The sequence number of the item's notice: with the engine, the item's key, and its place in the engine's queue.</summary>
    public long NoticeSeq { get; init; }
    public string EngineId { get; init; } = "";
    public string Url { get; init; } = "";
    public string Site { get; init; } = "";
    public string RulingId { get; init; } = "";
    public string NoticeId { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTimeOffset Deadline { get; init; }
    public string? ReasonCode { get; init; }
    public string? Reason { get; init; }
    public string? EngineReference { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the order stops binding this item (null only for notices stored before it was recorded).</summary>
    public DateTimeOffset? ObligationEndsAt { get; init; }

    /// <summary>When the item is due in its engine's queue (its place there), selected only where the queue is read.</summary>
    public DateTimeOffset DueAt { get; init; }

    /// <summary>The URL's position in the request, selected only when a request's items are listed (their paging key).</summary>
    public long Position { get; init; }

    /// <summary>When the URL was first submitted, selected only where an engine's report is applied (the time-to-delist histogram).</summary>
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>The public id, derived from the notice and the engine (see <see cref="ItemIds"/>).</summary>
    public string Id => ItemIds.Of(NoticeId, EngineId);

    /// <summary>This item after a reported transition, as <see cref="ResponsesStore"/> writes it.</summary>
    public ItemRow After(string status, string? reasonCode, string? reason, string? engineReference, DateTimeOffset now) => new()
    {
        NoticeSeq = NoticeSeq, EngineId = EngineId, Url = Url, Site = Site, RulingId = RulingId, NoticeId = NoticeId,
        Status = status, Deadline = Deadline, ReasonCode = reasonCode, Reason = reason, EngineReference = engineReference ?? EngineReference,
        UpdatedAt = now, ObligationEndsAt = ObligationEndsAt,
    };

    public ItemContract ToContract(DateTimeOffset now)
    {
        return new(Id, EngineId, Url, Site, RulingId, NoticeId, Status, Deadline, ItemStatus.IsOverdueAt(Status, Deadline, ObligationEndsAt, now),
            ObligationEndsAt, ItemStatus.IsLapsed(Status, ObligationEndsAt, now), ReasonCode, Reason, EngineReference, UpdatedAt);
    }
}
