using Delisting.Api.Data;

namespace Delisting.Api.Requests;

public enum IdempotencyOutcome { Claimed, InFlight, Completed, Mismatch }

public sealed record IdempotencyRecord(int StatusCode, string ResponseBody, string? Location);

/// <summary>A claim on an idempotency key: only the holder of its token may complete or release it.</summary>
public sealed record IdempotencyClaim(string KeyId, string Key, string Token);

/// <summary>
/// Idempotency keys live in the database, scoped to the calling API key, so they hold across restarts and
/// across instances. The claim is an insert-if-absent: of several identical concurrent posts exactly one wins.
/// The request's own transaction completes the record (<see cref="CompleteInTransaction"/>), so a request is never
/// stored without its record; a claim whose process died is taken over after <see cref="AbandonedAfter"/>.
/// </summary>
public sealed class IdempotencyStore(Database database, IConfiguration configuration)
{
    /// <summary>Records are kept 48 hours (the contract promises at least 24).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(48);

    /// <summary>
    /// A claim older than this with no response belongs to a process that died (or a request still running that
    /// long): it may be taken over, and the loser's transaction can no longer complete it.
    /// `Idempotency:AbandonedAfterSeconds`, default 10 (tests that kill the service shorten it).
    /// </summary>
    public TimeSpan AbandonedAfter => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Idempotency:AbandonedAfterSeconds", 10)));

    private static readonly string[] ClaimColumns = ["key_id", "idempotency_key", "request_hash", "created_at", "claim_token"];

    /// <summary>Run inside the request's transaction: one row changes only while the claim is still this one.</summary>
    public const string CompleteInTransaction = """
        UPDATE idempotency_records SET status_code = @StatusCode, response_body = @ResponseBody, location = @Location, completed_at = @Now
        WHERE key_id = @KeyId AND idempotency_key = @IdempotencyKey AND claim_token = @ClaimToken AND status_code IS NULL
        """;

    private const string DeleteExpired = "DELETE FROM idempotency_records WHERE created_at < @Expiry";

    private const string SelectRecord = """
        SELECT request_hash, status_code, response_body, location, created_at
        FROM idempotency_records WHERE key_id = @KeyId AND idempotency_key = @IdempotencyKey
        """;

    private const string TakeOver = """
        UPDATE idempotency_records SET created_at = @Now, claim_token = @ClaimToken
        WHERE key_id = @KeyId AND idempotency_key = @IdempotencyKey AND status_code IS NULL AND created_at = @ClaimedAt
        """;

    private const string Release = """
        DELETE FROM idempotency_records
        WHERE key_id = @KeyId AND idempotency_key = @IdempotencyKey AND status_code IS NULL AND claim_token = @ClaimToken
        """;

    /// <summary>
    /// Claims the key, or says why not: the stored response to replay, a different body, or a claim in flight (with when it may be taken
    /// over).</summary>
    public async Task<(IdempotencyOutcome Outcome, IdempotencyRecord? Record, IdempotencyClaim? Claim, TimeSpan RetryAfter)> ClaimAsync(
        string keyId, string idempotencyKey, byte[] requestHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        var outcome = await ClaimAsync(session, keyId, idempotencyKey, requestHash, now);
        await session.CommitAsync();
        return outcome;
    }

    private async Task<(IdempotencyOutcome Outcome, IdempotencyRecord? Record, IdempotencyClaim? Claim, TimeSpan RetryAfter)> ClaimAsync(
        DbSession session, string keyId, string idempotencyKey, byte[] requestHash, DateTimeOffset now)
    {
        await session.ExecuteAsync(DeleteExpired, new { Expiry = now - Retention });
        var claim = new IdempotencyClaim(keyId, idempotencyKey, Http.Ids.New("clm"));
        var claimed = await session.ExecuteAsync(database.InsertIfAbsent("idempotency_records", ClaimColumns, ["key_id", "idempotency_key"]),
            new { KeyId = keyId, IdempotencyKey = idempotencyKey, RequestHash = requestHash, CreatedAt = now, ClaimToken = claim.Token });
        if (claimed == 1) return (IdempotencyOutcome.Claimed, null, claim, default);

        var row = await session.QuerySingleOrDefaultAsync<RecordRow>(SelectRecord, new { KeyId = keyId, IdempotencyKey = idempotencyKey });
        if (row is null) return (IdempotencyOutcome.InFlight, null, null, TimeSpan.FromSeconds(1));
        if (!row.RequestHash.AsSpan().SequenceEqual(requestHash)) return (IdempotencyOutcome.Mismatch, null, null, default);
        if (row.StatusCode is { } status) return (IdempotencyOutcome.Completed, new IdempotencyRecord((int)status, row.ResponseBody ?? "",
            row.Location), null, default);
        if (now - row.CreatedAt >= AbandonedAfter &&
            await session.ExecuteAsync(TakeOver, new { KeyId = keyId, IdempotencyKey = idempotencyKey, Now = now, ClaimedAt = row.CreatedAt,
                ClaimToken = claim.Token }) == 1)
        {
            return (IdempotencyOutcome.Claimed, null, claim, default);
        }
        var wait = row.CreatedAt + AbandonedAfter - now;
        return (IdempotencyOutcome.InFlight, null, null, wait > TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1));
    }

    /// <summary>Drops an unfinished claim so that the client may retry (the request was refused or failed).</summary>
    public async Task ReleaseAsync(IdempotencyClaim claim)
    {
        await using var session = await database.WriteAsync(CancellationToken.None);
        await session.ExecuteAsync(Release, new { claim.KeyId, IdempotencyKey = claim.Key, ClaimToken = claim.Token });
        await session.CommitAsync();
    }

    private sealed class RecordRow
    {
        public byte[] RequestHash { get; init; } = [];
        public long? StatusCode { get; init; }
        public string? ResponseBody { get; init; }
        public string? Location { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
    }
}
