using System.Security.Cryptography;
using System.Text;
using Delisting.Api.Data;
using Delisting.Api.Domain;
using Delisting.Api.Http;
using Delisting.Api.Changes;
using Delisting.Api.Engines;

namespace Delisting.Api.Withdrawals;

/// <summary>A URL to withdraw: its index in the body and its normalized text.</summary>
public sealed record WithdrawnUrl(int Index, string Url);

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

    // The request's URLs with their notices: the call's URLs are found among them by their normalized text, the URL of
    // their notice (a request has at most 10,000). Read by column position (see StagedItems).
    private const string SelectRequestClaims = $"""
        SELECT CASE WHEN ru.withdrawn_at IS NULL THEN 1 ELSE 0 END AS standing, {NoticeFacts.Columns}
        FROM request_urls ru JOIN notices n ON n.id = ru.notice_id
        WHERE ru.request_id = @RequestId
        """;

    private const string SelectNoticesByHash =
        $"SELECT {NoticeFacts.Columns}, n.url_hash FROM notices n WHERE n.ruling_id = @RulingId AND n.url_hash IN @Hashes";

    // The claims of the request on the staged notices whose claim this call ends.
    private const string EndRequestClaims = """
        UPDATE request_urls SET withdrawn_at = @Now
        WHERE request_id = @RequestId AND withdrawn_at IS NULL
          AND notice_id IN (SELECT n.id FROM claim_notices s JOIN notices n ON n.seq = s.notice_seq WHERE s.batch_id = @Batch AND s.ended = 1)
        """;

    // Every claim on the staged notices whose claim this call ends.
    private const string EndNoticeClaims = """
        UPDATE request_urls SET withdrawn_at = @Now
        WHERE withdrawn_at IS NULL
          AND notice_id IN (SELECT n.id FROM claim_notices s JOIN notices n ON n.seq = s.notice_seq WHERE s.batch_id = @Batch AND s.ended = 1)
        """;

    // The staged notices that some request, of any organisation, still claims.
    private const string SelectStillClaimed = """
        SELECT s.notice_seq FROM claim_notices s JOIN notices n ON n.seq = s.notice_seq
        WHERE s.batch_id = @Batch AND EXISTS (SELECT 1 FROM request_urls ru WHERE ru.notice_id = n.id AND ru.withdrawn_at IS NULL)
        """;

    private const string KeepStillClaimed = "UPDATE claim_notices SET moving = 0 WHERE batch_id = @Batch AND notice_seq IN @Seqs";

    // One withdrawn event per URL whose claim this call ended, in the order of the URLs (see ClaimMoves.StageAsync).
    private const string InsertWithdrawnEvents = $"""
        INSERT INTO events (id, type, at, key_id, role, request_id, notice_id, ruling_id, reason)
        SELECT CONCAT(@IdPrefix, s.position), '{RequestEventTypes.Withdrawn}', @Now, @KeyId, @Role, @RequestId, n.id, @RulingId, @Reason
        FROM claim_notices s JOIN notices n ON n.seq = s.notice_seq
        WHERE s.batch_id = @Batch AND s.ended = 1
        ORDER BY s.position
        """;

    /// <summary>
    /// Ends the claims of one request on the URLs; null when the organisation has no such request. With
    /// <paramref name="checkOnly"/> it only names the URLs that could not be withdrawn and changes nothing.
    /// </summary>
    public async Task<WithdrawalOutcome?> FromRequestAsync(string requestId, string organisation, IReadOnlyList<WithdrawnUrl> urls, string reason,
        Caller caller, DateTimeOffset now, bool checkOnly, CancellationToken cancellationToken)
    {
        await using var session = await ChangeWriter.OpenAsync(database, checkOnly, cancellationToken);
        var rulingId = await session.QuerySingleOrDefaultAsync<string>(SelectRequestRuling, new { Id = requestId, Organisation = organisation });
        if (rulingId is null) return null;
        var claims = new Dictionary<string, (NoticeFacts Notice, bool Standing)>(StringComparer.Ordinal);
        foreach (var claim in await session.QueryAsync(SelectRequestClaims, new { RequestId = requestId }, row => (Notice: NoticeFacts.Read(row, 1),
            Standing: row.GetInt32(0) == 1)))
        {
            claims.TryAdd(claim.Notice.Url, claim);
        }
        var notices = new Dictionary<string, NoticeFacts>(StringComparer.Ordinal);
        var ending = new HashSet<long>();
        foreach (var url in urls)
        {
            if (!claims.TryGetValue(url.Url, out var claim)) continue;
            notices[url.Url] = claim.Notice;
            if (claim.Standing) ending.Add(claim.Notice.Seq);
        }
        var unknown = urls.Where(u => !notices.ContainsKey(u.Url))
            .ToDictionary(u => u.Index, u => $"'{u.Url}' is not a URL of request '{requestId}' (see GET /v1/requests/{requestId}).");
        if (unknown.Count > 0 || checkOnly) return new WithdrawalOutcome(unknown, 0, 0, []);

        return await SettleAsync(session, urls, notices, ending, EndRequestClaims, new Withdrawal(caller, reason, now, rulingId, requestId, null));
    }

    /// <summary>
    /// Ends every organisation's claims on the URLs under the ruling; the ruling's history records it. With
    /// <paramref name="checkOnly"/> it only names the URLs that could not be withdrawn and changes nothing.
    /// </summary>
    public async Task<WithdrawalOutcome> UnderRulingAsync(string rulingId, IReadOnlyList<WithdrawnUrl> urls, string reason,
        Caller caller, DateTimeOffset now, bool checkOnly, CancellationToken cancellationToken)
    {
        await using var session = await ChangeWriter.OpenAsync(database, checkOnly, cancellationToken);
        var notices = await NoticesAsync(session, rulingId, urls);
        var unknown = urls.Where(u => !notices.ContainsKey(u.Url))
            .ToDictionary(u => u.Index, u => $"'{u.Url}' was never submitted under ruling '{rulingId}'.");
        if (unknown.Count > 0 || checkOnly) return new WithdrawalOutcome(unknown, 0, 0, []);

        var claimed = await ClaimMoves.ClaimedAsync(session, urls.Select(u => notices[u.Url].Id));
        var ending = notices.Values.Where(n => claimed.Contains(n.Id)).Select(n => n.Seq).ToHashSet();
        // The ruling's own history records the act once; each URL's move is in the events of the requests that claimed it.
        await Rulings.RulingEventsStore.AppendAsync(session, Rulings.RulingEventsStore.Event(rulingId, Rulings.RulingEventTypes.Withdrawn, now,
            caller, null, null, reason));
        return await SettleAsync(session, urls, notices, ending, EndNoticeClaims, new Withdrawal(caller, reason, now, rulingId, null, rulingId));
    }

    /// <summary>
    /// Inside the caller's write session (which it commits), ends every claim on notices of one ruling that are all claimed,
    /// as <see cref="UnderRulingAsync"/> does, without reading the items back: protecting a host withdraws this way under
    /// each ruling. Returns how many items moved.
    /// </summary>
    public static async Task<int> EndEveryClaimAsync(DbSession session, string rulingId, IReadOnlyList<NoticeFacts> notices, string reason,
        Caller caller, DateTimeOffset now)
    {
        var urls = notices.Select((n, i) => new WithdrawnUrl(i, n.Url)).ToList();
        var byUrl = notices.ToDictionary(n => n.Url, StringComparer.Ordinal);
        await Rulings.RulingEventsStore.AppendAsync(session, Rulings.RulingEventsStore.Event(rulingId, Rulings.RulingEventTypes.Withdrawn, now,
            caller, null, null, reason));
        var (batch, _, moved) = await EndClaimsAsync(session, urls, byUrl, notices.Select(n => n.Seq).ToHashSet(), EndNoticeClaims,
            new Withdrawal(caller, reason, now, rulingId, null, rulingId));
        await ClaimMoves.EndAsync(session, batch);
        return moved;
    }

    /// <summary>Who withdraws, why and when, under which ruling; the request whose claims end, or the ruling whose history records it.</summary>
    private sealed record Withdrawal(Caller Caller, string Reason, DateTimeOffset Now, string Ruling, string? RequestId, string? RulingId);

    /// <summary>
    /// Ends the claims as <see cref="EndClaimsAsync"/> does, reads the items as now, commits, and reports them.
    /// </summary>
    private static async Task<WithdrawalOutcome> SettleAsync(DbSession session, IReadOnlyList<WithdrawnUrl> urls,
        IReadOnlyDictionary<string, NoticeFacts> notices, IReadOnlySet<long> ending, string endClaims, Withdrawal withdrawal)
    {
        var (batch, claimed, _) = await EndClaimsAsync(session, urls, notices, ending, endClaims, withdrawal);
        var items = await StagedItems.ReadAsync(session, batch, withdrawal.Ruling, notices.Values.ToDictionary(n => n.Seq), withdrawal.Now);
        await ClaimMoves.EndAsync(session, batch);
        await session.CommitAsync();
        return new WithdrawalOutcome(new Dictionary<int, string>(), urls.Count, urls.Count(u => claimed.Contains(notices[u.Url].Seq)), items);
    }

    /// <summary>
    /// Stages the URLs' notices, ends the claims on those in <paramref name="ending"/> (<paramref name="endClaims"/>) and
    /// records each (a withdrawn event), and moves the items of the notices whose last claim this call ended. Returns the
    /// batch (still staged), the notices still claimed, and how many items moved.
    /// </summary>
    private static async Task<(long Batch, HashSet<long> Claimed, int Moved)> EndClaimsAsync(DbSession session, IReadOnlyList<WithdrawnUrl> urls,
        IReadOnlyDictionary<string, NoticeFacts> notices, IReadOnlySet<long> ending, string endClaims, Withdrawal withdrawal)
    {
        var (caller, reason, now) = (withdrawal.Caller, withdrawal.Reason, withdrawal.Now);
        // A notice whose claim ends moves (once) unless another claim on it remains, found once the claims have ended.
        var moving = new HashSet<long>(ending);
        var batch = await ClaimMoves.StageAsync(session, urls.Select(u => notices[u.Url].Seq)
            .Select(seq => new StagedNotice(seq, Ended: ending.Contains(seq), Moving: moving.Remove(seq))));
        await session.ExecuteAsync(endClaims, new { Batch = batch, withdrawal.RequestId, Now = now });
        var claimed = (await session.QueryAsync<long>(SelectStillClaimed, new { Batch = batch })).ToHashSet();
        if (claimed.Overlaps(ending)) await session.ExecuteByKeysAsync(KeepStillClaimed, "Seqs", claimed.Intersect(ending), new { Batch = batch });
        await session.ExecuteAsync(InsertWithdrawnEvents, new
        {
            Batch = batch, IdPrefix = Ids.New("evt") + "-", Now = now, caller.KeyId, caller.Role, withdrawal.RequestId, withdrawal.RulingId,
                Reason = reason,
        });
        var moved = await ClaimMoves.MoveAsync(session, batch, withdrawal.Ruling, ItemStatus.LastClaimEnded, caller, reason, now);
        return (batch, claimed, moved);
    }

    /// <summary>The ruling's notices of the URLs, by normalized URL (found by its SHA-256, the notices' key under a ruling).</summary>
    private static async Task<Dictionary<string, NoticeFacts>> NoticesAsync(DbSession session, string rulingId, IReadOnlyList<WithdrawnUrl> urls)
    {
        var hashes = urls.Select(u => SHA256.HashData(Encoding.UTF8.GetBytes(u.Url))).ToList();
        var rows = (await session.QueryByKeysAsync<NoticeByHash, byte[]>(SelectNoticesByHash, "Hashes", hashes, new { RulingId = rulingId }))
            .ToDictionary(r => Convert.ToHexString(r.UrlHash), StringComparer.Ordinal);
        var notices = new Dictionary<string, NoticeFacts>(StringComparer.Ordinal);
        for (var i = 0; i < urls.Count; i++)
        {
            if (rows.TryGetValue(Convert.ToHexString(hashes[i]), out var row)) notices[urls[i].Url] = row;
        }
        return notices;
    }

    private sealed class NoticeByHash : NoticeFacts
    {
        public byte[] UrlHash { get; init; } = [];
    }
}
