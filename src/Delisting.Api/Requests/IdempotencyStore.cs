using Delisting.Api.Data;

namespace Delisting.Api.Requests;

public enum IdempotencyOutcome { Claimed, InFlight, Completed, Mismatch }

public sealed record IdempotencyRecord(int StatusCode, string ResponseBody, string? Location);

/// <summary>
/// Idempotency keys live in the database, scoped to the calling API key, so they hold across restarts and
/// across instances. The claim is an insert-if-absent: of several identical concurrent posts exactly one wins.
/// </summary>
public sealed class IdempotencyStore(Database database)
{
    /// <summary>Records are kept 48 hours (the contract promises at least 24).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(48);

    /// <summary>A claim older than this with no response belongs to a crashed process and may be taken over.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(5);

    private static readonly string[] ClaimColumns = ["key_id", "idempotency_key", "request_hash", "created_at"];

    private const string DeleteExpired = "DELETE FROM idempotency_records WHERE created_at < @Expiry";

    private const string SelectRecord = """
        SELECT request_hash, status_code, response_body, location, created_at
        FROM idempotency_records WHERE key_id = @KeyId AND idempotency_key = @IdempotencyKey
        """;

    private const string TakeOver = """
        UPDATE idempotency_records SET created_at = @Now
        WHERE key_id = @KeyId AND idempotency_key = @IdempotencyKey AND status_code IS NULL AND created_at = @ClaimedAt
        """;

    private const string Complete = """
        UPDATE idempotency_records SET status_code = @StatusCode, response_body = @ResponseBody, location = @Location, completed_at = @Now
        WHERE key_id = @KeyId AND idempotency_key = @IdempotencyKey
        """;

    private const string Release = """
        DELETE FROM idempotency_records WHERE key_id = @KeyId AND idempotency_key = @IdempotencyKey AND status_code IS NULL
        """;

    public async Task<(IdempotencyOutcome Outcome, IdempotencyRecord? Record)> ClaimAsync(
        string keyId, string idempotencyKey, byte[] requestHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        await session.ExecuteAsync(DeleteExpired, new { Expiry = now - Retention });
        var claimed = await session.ExecuteAsync(database.InsertIfAbsent("idempotency_records", ClaimColumns, ["key_id", "idempotency_key"]),
            new { KeyId = keyId, IdempotencyKey = idempotencyKey, RequestHash = requestHash, CreatedAt = now });
        if (claimed == 1) return (IdempotencyOutcome.Claimed, null);

        var row = await session.QuerySingleOrDefaultAsync<RecordRow>(SelectRecord, new { KeyId = keyId, IdempotencyKey = idempotencyKey });
        if (row is null) return (IdempotencyOutcome.InFlight, null);
        if (!row.RequestHash.AsSpan().SequenceEqual(requestHash)) return (IdempotencyOutcome.Mismatch, null);
        if (row.StatusCode is { } status) return (IdempotencyOutcome.Completed, new IdempotencyRecord((int)status, row.ResponseBody ?? "", row.Location));
        if (now - row.CreatedAt > AbandonedAfter &&
            await session.ExecuteAsync(TakeOver, new { KeyId = keyId, IdempotencyKey = idempotencyKey, Now = now, ClaimedAt = row.CreatedAt }) == 1)
        {
            return (IdempotencyOutcome.Claimed, null);
        }
        return (IdempotencyOutcome.InFlight, null);
    }

    public async Task CompleteAsync(string keyId, string idempotencyKey, IdempotencyRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        await session.ExecuteAsync(Complete, new
        {
            KeyId = keyId, IdempotencyKey = idempotencyKey, record.StatusCode, record.ResponseBody, record.Location, Now = now,
        });
    }

    /// <summary>Drops an unfinished claim so that the client may retry (the request was refused or failed).</summary>
    public async Task ReleaseAsync(string keyId, string idempotencyKey)
    {
        await using var session = await database.OpenAsync(CancellationToken.None);
        await session.ExecuteAsync(Release, new { KeyId = keyId, IdempotencyKey = idempotencyKey });
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
