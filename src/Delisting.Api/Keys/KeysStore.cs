using Delisting.Api.Auth;
using Delisting.Api.Data;

namespace Delisting.Api.Keys;

public sealed class KeysStore(Database database, ApiKeyCache cache)
{
    private const string Insert = """
        INSERT INTO api_keys (id, key_hash, role, organisation_id, engine_id, label, created_at, created_by)
        VALUES (@Id, @KeyHash, @Role, @OrganisationId, @EngineId, @Label, @CreatedAt, @CreatedBy)
        """;
    private const string SelectPage = """
        SELECT seq, id, role, organisation_id, engine_id, label, created_at, revoked_at
        FROM api_keys WHERE seq > @After ORDER BY seq
        """;
    private const string Revoke = "UPDATE api_keys SET revoked_at = @Now WHERE id = @Id AND revoked_at IS NULL";
    private const string Exists = "SELECT COUNT(*) FROM api_keys WHERE id = @Id";
    private const string CountHash = "SELECT COUNT(*) FROM api_keys WHERE key_hash = @KeyHash";

    public async Task InsertAsync(string id, byte[] keyHash, CreateApiKeyRequest key, string createdBy, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        await session.ExecuteAsync(Insert, new
        {
            Id = id, KeyHash = keyHash, key.Role, OrganisationId = key.Organisation, EngineId = key.Engine,
            key.Label, CreatedAt = now, CreatedBy = createdBy,
        });
        await session.CommitAsync();
    }

    /// <summary>Adds a key with a known secret unless one with that hash exists (Development demo keys).</summary>
    public async Task EnsureAsync(string id, byte[] keyHash, CreateApiKeyRequest key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var session = await database.OpenAsync(cancellationToken))
        {
            if (await session.ScalarAsync<long>(CountHash, new { KeyHash = keyHash }) > 0) return;
        }
        await InsertAsync(id, keyHash, key, "seed", now, cancellationToken);
    }

    public async Task<(IReadOnlyList<ApiKeyContract> Keys, long? Next)> ListAsync(long after, int limit, CancellationToken cancellationToken)
    {
        await using var session = await database.OpenAsync(cancellationToken);
        var (page, more) = await session.QueryPageAsync<KeyRow>(SelectPage, new { After = after }, limit);
        return (page.Select(r => new ApiKeyContract(r.Id, r.Role, r.OrganisationId, r.EngineId, r.Label, r.CreatedAt, r.RevokedAt)).ToList(),
            more ? page[^1].Seq : null);
    }

    /// <summary>
    /// Revokes a key and forgets the cached keys once the change is stored, so this instance refuses it from the next
    /// call on. False when no key has this id; revoking twice is harmless.
    /// </summary>
    public async Task<bool> RevokeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = await database.WriteAsync(cancellationToken);
        var revoked = await session.ExecuteAsync(Revoke, new { Id = id, Now = now }) == 1;
        var exists = revoked || await session.ScalarAsync<long>(Exists, new { Id = id }) > 0;
        await session.CommitAsync();
        cache.Invalidate();
        return exists;
    }

    private sealed class KeyRow
    {
        public long Seq { get; init; }
        public string Id { get; init; } = "";
        public string Role { get; init; } = "";
        public string? OrganisationId { get; init; }
        public string? EngineId { get; init; }
        public string? Label { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? RevokedAt { get; init; }
    }
}
