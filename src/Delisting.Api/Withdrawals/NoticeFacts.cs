using Delisting.Api.Engines;

namespace Delisting.Api.Withdrawals;

/// <summary>
/// What an item row carries of its notice (URL, site, ruling, deadline), read once per notice while the call finds
/// its notices, so the answer's items are read without it: a withdrawal of 10,000 URLs answers with 40,000 items,
/// four per notice.
/// </summary>
public class NoticeFacts
{
    /// <summary>The columns of <see cref="NoticeFacts"/>, with `n` the notices table.</summary>
    public const string Columns = "n.seq, n.id, n.url_hash, n.url, n.site, n.ruling_id, n.deadline, n.created_at, n.obligation_ends_at";

    public long Seq { get; init; }
    public string Id { get; init; } = "";
    public byte[] UrlHash { get; init; } = [];
    public string Url { get; init; } = "";
    public string Site { get; init; } = "";
    public string RulingId { get; init; } = "";
    public DateTimeOffset Deadline { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ObligationEndsAt { get; init; }

    /// <summary>The item of this notice in <paramref name="item"/>'s state, as the item queries read it (<see cref="ItemRow.Columns"/>).</summary>
    public ItemRow With(ItemState item) => new()
    {
        NoticeSeq = Seq, EngineId = item.EngineId, Url = Url, Site = Site, RulingId = RulingId, NoticeId = Id, Status = item.Status,
        Deadline = Deadline, ReasonCode = item.ReasonCode, Reason = item.Reason, EngineReference = item.EngineReference,
        UpdatedAt = item.UpdatedAt ?? CreatedAt, ObligationEndsAt = ObligationEndsAt,
    };
}

/// <summary>An item's own columns: its notice, engine, status and what the engine said.</summary>
public sealed class ItemState
{
    public long NoticeSeq { get; init; }
    public string EngineId { get; init; } = "";
    public string Status { get; init; } = "";
    public string? ReasonCode { get; init; }
    public string? Reason { get; init; }
    public string? EngineReference { get; init; }

    /// <summary>Null until an engine reports or a claim moves the item: it was last changed with its notice.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}
