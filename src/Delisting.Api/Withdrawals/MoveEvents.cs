using Delisting.Api.Domain;
using Delisting.Api.Engines;

namespace Delisting.Api.Withdrawals;

/// <summary>
/// The status-changed events of claim moves, derived rather than stored. A call that moves items (the last claim on
/// URLs ended, a withdrawn URL claimed again) writes one anchor event: its id, instant, actor and reason, with the
/// batch of its moves in `move_batch` and no notice or item. Each move kept in `claim_moves` (never deleted once
/// committed) reads as one status-changed event at the anchor's place, then by notice and engine, with the id
/// `&lt;anchor id&gt;-&lt;notice seq&gt;-&lt;engine&gt;` (the id such a row had when each was stored: migration 0013).
/// </summary>
public static class MoveEvents
{
    public const string InsertAnchor = $"""
        INSERT INTO events (id, type, at, key_id, role, reason, move_batch)
        VALUES (@Id, '{RequestEventTypes.StatusChanged}', @Now, @KeyId, @Role, @Reason, @Batch)
        """;

    /// <summary>The moves of the anchors `a` on notices `n`, as `m`: join this after `notices n`.</summary>
    public const string Join = "JOIN claim_moves m ON m.notice_seq = n.seq JOIN events a ON a.move_batch = m.batch_id";

    /// <summary>A derived event's id, over the anchor `a` and its move `m`.</summary>
    public const string Id = "CONCAT(a.id, '-', m.notice_seq, '-', m.engine_id)";

    /// <summary>A derived event's item id, over the notice `n` and the move `m`.</summary>
    public const string ItemId = ItemIds.OfSql;
}
