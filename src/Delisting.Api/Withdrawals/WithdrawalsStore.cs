using Delisting.Api.Data;
using Delisting.Api.Feeds;
using Delisting.Api.Domain;
using Delisting.Api.Engines;
using Delisting.Api.Http;

namespace Delisting.Api.Withdrawals;

/// <summary>A URL to withdraw: its index in the body, its normalized text and the SHA-256 of it (its notice key).</summary>
public sealed record WithdrawnUrl(int Index, string Url, byte[] Hash);

/// <summary>What a withdrawal came to: the URLs refused (nothing changed), or the counts and the items as now.</summary>
public sealed record WithdrawalOutcome(IReadOnlyDictionary<int, string> Unknown, int Withdrawn, int StillClaimed, IReadOnlyList<ItemRow> Items);

/// <summary>
/// Ends claims on URLs, all or nothing, in one write transaction: an organisation's claims through one of its requests,
/// or every claim under a ruling (an admin). When the last claim on a URL ends, its items move (<see cref="ClaimMoves"/>).
/// </summary>
public sealed class WithdrawalsStore(Database database)
{
    // Scoped by the caller's organisation: another organisation's request is not found.
    private const string SelectRequestRuling = "SELECT ruling_id FROM requests WHERE id = @Id AND organisation_id = @Organisation";

    private const string SelectRequestClaims = "SELECT notice_id, position, withdrawn_at FROM request_urls WHERE request_id = @RequestId";

    private const string SelectNoticesByHash =
        "SELECT seq, id, url_hash FROM notices WHERE ruling_id = @RulingId AND url_hash IN @Hashes";

    private const string EndRequestClaims = """
        UPDATE request_urls SET withdrawn_at = @Now
        WHERE request_id = @RequestId AND withdrawn_at IS NULL AND position IN @Positions
        """;

    private const string EndNoticeClaims = "UPDATE request_urls SET withdrawn_at = @Now WHERE withdrawn_at IS NULL AND notice_id IN @NoticeIds";

    // One withdrawn event per URL whose claim this call ended, in the order of the URLs (see ClaimMoves.StageAsync).
    private const string InsertWithdrawnEvents = """
        INSERT INTO events (id, type, at, key_id, role, request_id, notice_id, ruling_id, reason)
        SELECT CONCAT(@IdPrefix, s.position), 'withdrawn', @Now, @KeyId, @Role, @RequestId, n.id, @RulingId, @Reason
        FROM claim_notices s JOIN notices n ON n.seq = s.notice_seq
        WHERE s.batch_id = @Batch AND s.ended = 1
        ORDER BY s.position
        """;

    /// <summary>Ends the claims of one request on the URLs; null when the organisation has no such request.</summary>
    public async Task<WithdrawalOutcome?> FromRequestAsync(string requestId, string organisation, IReadOnlyList<WithdrawnUrl> urls, string reason,
        Caller caller, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        await ChangeWriter.BeginAsync(session);
        var rulingId = await session.QuerySingleOrDefaultAsync<string>(SelectRequestRuling, new { Id = requestId, Organisation = organisation });
        if (rulingId is null) return null;
        var notices = await NoticesAsync(session, rulingId, urls);
        var claims = (await session.QueryAsync<ClaimRow>(SelectRequestClaims, new { RequestId = requestId }))
            .ToDictionary(c => c.NoticeId, StringComparer.Ordinal);
        var unknown = urls.Where(u => !notices.TryGetValue(u.Url, out var n) || !claims.ContainsKey(n.Id))
            .ToDictionary(u => u.Index, u => $"'{u.Url}' is not a URL of request '{requestId}' (see GET /v1/requests/{requestId}).");
        if (unknown.Count > 0) return new WithdrawalOutcome(unknown, 0, 0, []);

        var ending = urls.Select(u => notices[u.Url]).Where(n => claims[n.Id].WithdrawnAt is null).ToList();
        await session.ExecuteByKeysAsync(EndRequestClaims, "Positions", ending.Select(n => claims[n.Id].Position), new { RequestId = requestId, Now = now });
        return await SettleAsync(session, urls, notices, ending, new Withdrawal(caller, reason, now, rulingId, requestId, null));
    }

    /// <summary>Ends every organisation's claims on the URLs under the ruling; the ruling's history records it.</summary>
    public async Task<WithdrawalOutcome> UnderRulingAsync(string rulingId, IReadOnlyList<WithdrawnUrl> urls, string reason,
        Caller caller, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        await ChangeWriter.BeginAsync(session);
        var notices = await NoticesAsync(session, rulingId, urls);
        var unknown = urls.Where(u => !notices.ContainsKey(u.Url))
            .ToDictionary(u => u.Index, u => $"'{u.Url}' was never submitted under ruling '{rulingId}'.");
        if (unknown.Count > 0) return new WithdrawalOutcome(unknown, 0, 0, []);

        var claimed = await ClaimMoves.ClaimedAsync(session, urls.Select(u => notices[u.Url].Id));
        var ending = urls.Select(u => notices[u.Url]).Where(n => claimed.Contains(n.Id)).ToList();
        await session.ExecuteByKeysAsync(EndNoticeClaims, "NoticeIds", ending.Select(n => n.Id), new { Now = now });
        // The ruling's own history records the act once; each URL's move is in the events of the requests that claimed it.
        await Rulings.RulingEventsStore.AppendAsync(session, Rulings.RulingEventsStore.Event(rulingId, "withdrawn", now, caller, null, null, reason));
        return await SettleAsync(session, urls, notices, ending, new Withdrawal(caller, reason, now, rulingId, null, rulingId));
    }

    /// <summary>Who withdraws, why and when, under which ruling; the request whose claims end, or the ruling whose history records it.</summary>
    private sealed record Withdrawal(Caller Caller, string Reason, DateTimeOffset Now, string Ruling, string? RequestId, string? RulingId);

    /// <summary>
    /// Records the claims ended (a withdrawn event each), moves the items of the notices whose last claim this call
    /// ended, commits, and reports the items as now.
    /// </summary>
    private static async Task<WithdrawalOutcome> SettleAsync(DbSession session, IReadOnlyList<WithdrawnUrl> urls,
        IReadOnlyDictionary<string, NoticeRow> notices, IReadOnlyList<NoticeRow> ending, Withdrawal withdrawal)
    {
        var claimed = await ClaimMoves.ClaimedAsync(session, urls.Select(u => notices[u.Url].Id));
        var ended = ending.Select(n => n.Seq).ToHashSet();
        var lastClaimEnded = ending.Where(n => !claimed.Contains(n.Id)).Select(n => n.Seq).ToHashSet();
        // A URL sent twice ends its claim twice (two events), but its items move once.
        var batch = await ClaimMoves.StageAsync(session, urls.Select(u => notices[u.Url].Seq)
            .Select(seq => new StagedNotice(seq, Ended: ended.Contains(seq), Moving: lastClaimEnded.Remove(seq))));
        var (caller, reason, now) = (withdrawal.Caller, withdrawal.Reason, withdrawal.Now);
        await session.ExecuteAsync(InsertWithdrawnEvents, new
        {
            Batch = batch, IdPrefix = Ids.New("evt") + "-", Now = now, caller.KeyId, caller.Role, withdrawal.RequestId, withdrawal.RulingId, Reason = reason,
        });
        await ClaimMoves.MoveAsync(session, batch, withdrawal.Ruling, ItemStatus.LastClaimEnded, caller, reason, now);
        var items = await ClaimMoves.ItemsAsync(session, batch);
        await ClaimMoves.EndAsync(session, batch);
        await session.CommitAsync();
        return new WithdrawalOutcome(new Dictionary<int, string>(), urls.Count, urls.Count(u => claimed.Contains(notices[u.Url].Id)), items);
    }

    /// <summary>The ruling's notices of the URLs, by normalized URL.</summary>
    private static async Task<Dictionary<string, NoticeRow>> NoticesAsync(DbSession session, string rulingId, IReadOnlyList<WithdrawnUrl> urls)
    {
        var rows = (await session.QueryByKeysAsync<NoticeRow, byte[]>(SelectNoticesByHash, "Hashes", urls.Select(u => u.Hash), new { RulingId = rulingId }))
            .ToDictionary(r => Convert.ToHexString(r.UrlHash), StringComparer.Ordinal);
        var notices = new Dictionary<string, NoticeRow>(StringComparer.Ordinal);
        foreach (var url in urls)
        {
            if (rows.TryGetValue(Convert.ToHexString(url.Hash), out var row)) notices[url.Url] = row;
        }
        return notices;
    }

    private sealed class NoticeRow
    {
        public long Seq { get; init; }
        public string Id { get; init; } = "";
        public byte[] UrlHash { get; init; } = [];
    }

    private sealed class ClaimRow
    {
        public string NoticeId { get; init; } = "";
        public long Position { get; init; }
        public DateTimeOffset? WithdrawnAt { get; init; }
    }
}
