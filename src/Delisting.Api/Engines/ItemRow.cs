namespace Delisting.Api.Engines;

/// <summary>An item joined with its notice's URL and site, as the item queries select it.</summary>
public sealed class ItemRow
{
    /// <summary>The columns every item query selects, with `i` the items table and `n` the notices table.</summary>
    public const string Columns =
        "i.seq, i.id, i.engine_id, n.url, n.site, i.ruling_id, i.notice_id, i.status, i.deadline, i.reason, i.engine_reference, i.updated_at";

    public long Seq { get; init; }
    public string Id { get; init; } = "";
    public string EngineId { get; init; } = "";
    public string Url { get; init; } = "";
    public string Site { get; init; } = "";
    public string RulingId { get; init; } = "";
    public string NoticeId { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTimeOffset Deadline { get; init; }
    public string? Reason { get; init; }
    public string? EngineReference { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>This item after a reported transition, as the UPDATE in ItemsStore writes it.</summary>
    public ItemRow After(string status, string? reason, string? engineReference, DateTimeOffset now) => new()
    {
        Seq = Seq, Id = Id, EngineId = EngineId, Url = Url, Site = Site, RulingId = RulingId, NoticeId = NoticeId,
        Status = status, Deadline = Deadline, Reason = reason, EngineReference = engineReference ?? EngineReference, UpdatedAt = now,
    };

    public ItemContract ToContract(DateTimeOffset now) => new(Id, EngineId, Url, Site, RulingId, NoticeId, Status, Deadline,
        Domain.ItemStatus.IsOpen(Status) && now >= Deadline, Reason, EngineReference, UpdatedAt);
}
