using Dapper;
using Delisting.Api.Data;

namespace Delisting.Api.Keys;

public sealed class KeysStore(Database database)
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

    public async Task InsertAsync(string id, byte[] keyHash, CreateApiKeyRequest key, string createdBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            Id = id, KeyHash = keyHash, key.Role, OrganisationId = key.Organisation, EngineId = key.Engine,
            key.Label, CreatedAt = now, CreatedBy = createdBy,
        }, cancellationToken: cancellationToken));
    }

    /// <summary>Adds a key with a known secret unless one with that hash exists (Development demo keys).</summary>
    public async Task EnsureAsync(string id, byte[] keyHash, CreateApiKeyRequest key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountHash, new { KeyHash = keyHash }, cancellationToken: cancellationToken)) > 0) return;
        await InsertAsync(id, keyHash, key, "seed", now, cancellationToken);
    }

    public async Task<(IReadOnlyList<ApiKeyContract> Keys, long? Next)> ListAsync(long after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<KeyRow>(new CommandDefinition(SelectPage + database.Dialect.Limit("@Limit"),
            new { After = after, Limit = limit + 1 }, cancellationToken: cancellationToken))).ToList();
        var page = rows.Take(limit).ToList();
        return (page.Select(r => new ApiKeyContract(r.Id, r.Role, r.OrganisationId, r.EngineId, r.Label, r.CreatedAt, r.RevokedAt)).ToList(),
            rows.Count > limit ? page[^1].Seq : null);
    }

    /// <summary>Revokes a key. False when no key has this id; revoking twice is harmless.</summary>
    public async Task<bool> RevokeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await connection.ExecuteAsync(new CommandDefinition(Revoke, new { Id = id, Now = now }, cancellationToken: cancellationToken)) == 1) return true;
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(Exists, new { Id = id }, cancellationToken: cancellationToken)) > 0;
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
