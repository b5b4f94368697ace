using System.Collections.Concurrent;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using System.Text;
using Delisting.Api.Data;
using Delisting.Api.Http;

namespace Delisting.Api.Auth;

/// <summary>
/// The callers of valid keys, by the SHA-256 of the key, so that a call does not read `api_keys`. Only keys found
/// valid are kept (an unknown key is read each time, and the guessing throttle bounds that). A revocation through
/// this instance empties the cache before its answer, so the key is refused from the next call on; a key revoked
/// through another instance sharing the database is refused here once its entry is older than
/// `Auth:KeyCacheSeconds` (see README). The bootstrap admin key is hashed once.
/// </summary>
public sealed class ApiKeyCache
{
    private const int MaxEntries = 10_000;
    private const string FindKeySql = """
        SELECT id, key_hash, role, organisation_id, engine_id
        FROM api_keys
        WHERE key_hash = @KeyHash AND revoked_at IS NULL
        """;

    private readonly ConcurrentDictionary<Vector256<byte>, Entry> entries = new();
    private readonly Database database;
    private readonly TimeProvider time;
    private readonly long lifetimeTicks;
    private readonly Vector256<byte>? bootstrapHash;
    private long generation;

    public ApiKeyCache(Database database, TimeProvider time, IConfiguration configuration)
    {
        this.database = database;
        this.time = time;
        var seconds = Math.Max(configuration.GetValue("Auth:KeyCacheSeconds", 1.0), 0);
        lifetimeTicks = (long)(seconds * time.TimestampFrequency);
        var bootstrap = configuration["Auth:BootstrapAdminKey"];
        if (!string.IsNullOrEmpty(bootstrap)) bootstrapHash = HashOf(bootstrap);
    }

    /// <summary>The caller a key stands for, or null when it is unknown or revoked.</summary>
    public async ValueTask<Caller?> FindAsync(string presented, CancellationToken cancellationToken)
    {
        var hash = HashOf(presented);
        if (bootstrapHash is { } bootstrap && hash == bootstrap)
        {
            return new Caller(ApiKeyAuthenticationHandler.BootstrapKeyId, Roles.Admin, null, null);
        }
        var now = time.GetTimestamp();
        if (entries.TryGetValue(hash, out var cached) && now - cached.ReadAt < lifetimeTicks) return cached.Caller;

        var seen = Volatile.Read(ref generation);
        var key = new byte[32];
        hash.CopyTo(key);
        var rows = await database.QueryHotAsync<KeyRow>(FindKeySql, new { KeyHash = key }, cancellationToken);
        var row = rows.SingleOrDefault();
        if (row is null || !CryptographicOperations.FixedTimeEquals(row.KeyHash, key))
        {
            entries.TryRemove(hash, out _);
            return null;
        }
        var entry = new Entry(new Caller(row.Id, row.Role, row.OrganisationId, row.EngineId), now);
        if (entries.Count >= MaxEntries) entries.Clear();
        entries[hash] = entry;
        // A revocation that committed while the row was read must not leave it behind: whichever of the two ran
        // last removes it.
        if (Volatile.Read(ref generation) != seen) entries.TryRemove(KeyValuePair.Create(hash, entry));
        return entry.Caller;
    }

    /// <summary>Forgets every cached key; called after a revocation has committed.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    private static Vector256<byte> HashOf(string key)
    {
        Span<byte> utf8 = key.Length <= 512
            ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length)]
            : new byte[Encoding.UTF8.GetByteCount(key)];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(utf8[..length], hash);
        return Vector256.Create<byte>(hash);
    }

    private sealed record Entry(Caller Caller, long ReadAt);

    private sealed class KeyRow
    {
        public string Id { get; init; } = "";
        public byte[] KeyHash { get; init; } = [];
        public string Role { get; init; } = "";
        public string? OrganisationId { get; init; }
        public string? EngineId { get; init; }
    }
}
