using Delisting.Api.Data;
using Delisting.Api.Domain;
using Delisting.Api.Http;
using Delisting.Api.Withdrawals;
using Delisting.Api.Changes;

namespace Delisting.Api.Requests;

/// <summary>Stores a request with its notices and items, in one transaction.</summary>
public sealed class RequestsWriter(Database database, RequestHeads heads, ItemTallies tallies)
{
    private const string SelectExistingNotices =
        "SELECT id, url_hash, seq FROM notices WHERE ruling_id = @RulingId AND url_hash IN @Hashes";

    private static readonly string[] NoticeColumns = ["id", "ruling_id", "url_hash", "url", "site", "created_at", "deadline", "obligation_ends_at"];
    private static readonly string[] RequestUrlColumns = ["request_id", "position", "notice_id", "already_requested"];

    private const string InsertRequest = """
        INSERT INTO requests (id, ruling_id, organisation_id, client_reference, submitted_at, deadline, submitted_by)
        VALUES (@Id, @RulingId, @OrganisationId, @ClientReference, @SubmittedAt, @Deadline, @SubmittedBy)
        """;

    // One pending item per new notice of the request and engine of its ruling, written by the database itself:
    // 40,000 items for a 10,000-URL request without 40,000 rows through the driver.
    private const string InsertItems = $"""
        INSERT INTO items (notice_seq, engine_id, status, due_at)
        SELECT n.seq, re.engine_id, '{ItemStatus.Pending}', n.deadline
        FROM request_urls ru
        JOIN notices n ON n.id = ru.notice_id
        JOIN ruling_engines re ON re.ruling_id = n.ruling_id
        WHERE ru.request_id = @RequestId AND ru.already_requested = 0
        """;

    private const string InsertSubmittedEvent = $"""
        INSERT INTO events (id, type, at, key_id, role, request_id)
        VALUES (@Id, '{RequestEventTypes.Submitted}', @At, @KeyId, @Role, @RequestId)
        """;

    private static readonly string[] ReopenedEventColumns = ["id", "type", "at", "key_id", "role", "request_id", "notice_id", "reason"];

    /// <summary>
    /// Stores the request, its new notices and their items for every engine of the ruling, and returns it as read
    /// now. URLs already noticed under the ruling reuse their notice and items; a known URL that no request claims any
    /// more (withdrawn) is claimed again: its items start over as pending, with the deadline its site gives this submission. With an
    /// idempotency claim, the claim's record is completed with the response in the same transaction; null when the
    /// claim was taken over meanwhile (nothing is stored).
    /// </summary>
    public async Task<RequestContract?> InsertAsync(Submission submission, IdempotencyClaim? claim, Func<RequestContract, string> serialize,
        CancellationToken cancellationToken)
    {
        var ruling = submission.Ruling;
        await using var session = await database.WriteAsync(cancellationToken);
        await ChangeWriter.BeginAsync(session);

        var known = await session.QueryByKeyListAsync<(string Id, byte[] UrlHash, long Seq)>(SelectExistingNotices, "Hashes",
            submission.Urls.Select(u => u.Hash), new { RulingId = ruling.Id });
        var existing = known.ToDictionary(row => Convert.ToHexString(row.UrlHash), row => row.Id, StringComparer.Ordinal);
        // Read before this request's own claims are stored: a notice no other request claims is reopened.
        var claimed = known.Count > 0 ? await ClaimMoves.ClaimedAsync(session, known.Select(n => n.Id)) : [];
        var reopened = known.Where(n => !claimed.Contains(n.Id)).ToList();

        // The URLs' texts stay in the submission: rows and the answer make each string as they are written.
        var entries = new List<(AcceptedUrl Url, string NoticeId, bool AlreadyRequested)>(submission.Urls.Count);
        foreach (var url in submission.Urls)
        {
            var isKnown = existing.TryGetValue(Convert.ToHexString(url.Hash), out var noticeId);
            entries.Add((url, isKnown ? noticeId! : Ids.New("ntc"), isKnown));
        }
        var newNotices = entries.Where(e => !e.AlreadyRequested).Select(e => new object?[]
        {
            e.NoticeId, ruling.Id, e.Url.Hash, e.Url.Url, e.Url.Site, submission.SubmittedAt, e.Url.Deadline, e.Url.ObligationEndsAt,
        });
        var anyNew = entries.Any(e => !e.AlreadyRequested);
        var newWindows = entries.Where(e => !e.AlreadyRequested)
            .Select(e => (e.Url.Deadline, (DateTimeOffset?)e.Url.ObligationEndsAt)).ToList();
        IReadOnlyList<RequestUrlContract> urls = new Projection<(AcceptedUrl Url, string NoticeId, bool AlreadyRequested), RequestUrlContract>(
            entries, e => new RequestUrlContract(e.Url.Url, e.NoticeId, e.Url.Site, e.AlreadyRequested));

        await session.ExecuteAsync(InsertRequest, new
        {
            submission.Id, RulingId = ruling.Id, OrganisationId = submission.Organisation, submission.ClientReference,
            submission.SubmittedAt, submission.Deadline, SubmittedBy = submission.Caller.KeyId,
        });
        await session.BulkInsertAsync("notices", NoticeColumns, newNotices);
        await session.BulkInsertAsync("request_urls", RequestUrlColumns,
            entries.Select((e, position) => new object?[] { submission.Id, position, e.NoticeId, e.AlreadyRequested }));
        if (anyNew)
        {
            await session.ExecuteAsync(InsertItems, new { RequestId = submission.Id });
            await tallies.CountNewItemsAsync(session, ruling.Id, ruling.Engines, ItemStatus.Pending, submission.SubmittedAt, newWindows);
            await ChangeWriter.ItemsCreatedAsync(session, ruling.Id, submission.Id, ruling.Engines, submission.SubmittedAt);
        }
        await session.ExecuteAsync(InsertSubmittedEvent, new
        {
            Id = Ids.New("evt"), At = submission.SubmittedAt, submission.Caller.KeyId, submission.Caller.Role, RequestId = submission.Id,
        });
        await Evidence.Captures.InsertAsync(session, ruling.Id, submission.Id, null, submission.Captures);
        if (reopened.Count > 0)
        {
            var deadlines = submission.Urls.ToDictionary(u => Convert.ToHexString(u.Hash), u => u.Deadline, StringComparer.Ordinal);
            await ReopenAsync(session, submission, reopened.Select(n => (n.Id, n.Seq, deadlines[Convert.ToHexString(n.UrlHash)])).ToList());
        }

        // New URLs have only fresh pending items; reused notices carry their own history, so count them.
        var summary = entries.Any(e => e.AlreadyRequested)
            ? EngineSummary.ByEngine(ruling.Engines, await session.QueryAsync<StatusCount>(RequestsReader.SelectRequestCounts,
                new { submission.Id, Now = submission.SubmittedAt }))
            : EngineSummary.ByEngine(ruling.Engines, ruling.Engines.Select(e => new StatusCount { EngineId = e, Status = ItemStatus.Pending,
                Count = urls.Count }));
        var request = new RequestContract(submission.Id, ruling.Id, submission.Organisation, submission.ClientReference,
            submission.SubmittedAt, submission.Deadline, urls, summary, RequestStates.Of(summary)) { Captures = submission.Captures };
        if (claim is not null && await session.ExecuteAsync(IdempotencyStore.CompleteInTransaction, new
            {
                StatusCode = 201, ResponseBody = serialize(request), Location = $"/v1/requests/{submission.Id}", Now = submission.SubmittedAt,
                claim.KeyId, IdempotencyKey = claim.Key, ClaimToken = claim.Token,
            }) != 1)
        {
            return null;
        }
        await session.CommitAsync();

        if (urls.Count <= RequestHeads.KeepOnInsertUrls)
        {
            heads.Keep(new RequestHead(submission.Id, ruling.Id, submission.Organisation, submission.ClientReference,
                submission.SubmittedAt, submission.Deadline, urls.ToList(), ruling.Engines, submission.Captures));
        }
        return request;
    }

    /// <summary>
    /// A `reopened` event per notice, then its items back to pending (each with a status-changed event). Each notice
    /// takes the deadline of its own site's window: one move per distinct deadline (a request's sites have a few).
    /// </summary>
    private static async Task ReopenAsync(DbSession session, Submission submission,
        IReadOnlyList<(string Id, long Seq, DateTimeOffset Deadline)> notices)
    {
        var reason = $"Submitted again in request {submission.Id}.";
        await session.BulkInsertAsync("events", ReopenedEventColumns, notices.Select(n => new object?[]
        {
            Ids.New("evt"), RequestEventTypes.Reopened, submission.SubmittedAt, submission.Caller.KeyId, submission.Caller.Role, submission.Id, n.Id,
                reason,
        }));
        foreach (var group in notices.GroupBy(n => n.Deadline).OrderBy(g => g.Key))
        {
            var staged = group.Select(n => new StagedNotice(n.Seq, Ended: false, Moving: true));
            var batch = await ClaimMoves.StageAsync(session, staged);
            await ClaimMoves.MoveAsync(session, batch, submission.Ruling.Id, ItemStatus.ClaimedAgain, submission.Caller, reason,
                submission.SubmittedAt,
                group.Key);
            await ClaimMoves.EndAsync(session, batch);
        }
    }
}
